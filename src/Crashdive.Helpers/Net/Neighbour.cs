using Crashdive.Kernel;

namespace Crashdive.Helpers.Net;

/// <summary>One neighbour-table entry (<c>struct neighbour</c>).</summary>
/// <param name="Address">The <c>struct neighbour</c>.</param>
/// <param name="Key">Its <c>primary_key</c> (key_len bytes: an IPv4 or IPv6 address).</param>
/// <param name="HardwareAddress">Its <c>ha</c> (the whole array).</param>
/// <param name="Device">Its <c>dev</c> (<c>struct net_device *</c>).</param>
/// <param name="State">Its <c>nud_state</c> (NUD_* bits).</param>
/// <param name="Error">Set (and the other fields empty) when the entry could not be read: the chain stops there.</param>
public sealed record Neighbour(ulong Address, byte[] Key, byte[] HardwareAddress, KObject Device, byte State, string? Error = null);

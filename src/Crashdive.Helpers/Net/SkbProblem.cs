namespace Crashdive.Helpers.Net;

/// <summary>One inconsistency found in an sk_buff.</summary>
/// <param name="Fatal">True when the pointer cannot be an sk_buff (the packet is not read then).</param>
/// <param name="Message">What is wrong, with the values.</param>
public sealed record SkbProblem(bool Fatal, string Message);

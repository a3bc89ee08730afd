namespace Crashdive.Helpers.Printk;

/// <summary>One record of the kernel log (<c>struct printk_info</c> and its text).</summary>
/// <param name="Seq">Sequence number.</param>
/// <param name="TimestampNs">Time since boot in nanoseconds (<c>ts_nsec</c>).</param>
/// <param name="Level">Log level 0-7 (<c>level</c>).</param>
/// <param name="Facility">Syslog facility.</param>
/// <param name="CallerId">Thread id, or CPU number with bit 31 set (<c>caller_id</c>).</param>
/// <param name="Text">The message bytes as Latin-1; null for a data-less record.</param>
/// <param name="Subsystem"><c>dev_info.subsystem</c>, empty when none.</param>
/// <param name="Device"><c>dev_info.device</c>, empty when none.</param>
public sealed record PrintkRecord(
    ulong Seq, ulong TimestampNs, int Level, int Facility, uint CallerId, string? Text, string Subsystem, string Device);

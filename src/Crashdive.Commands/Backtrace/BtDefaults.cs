namespace Crashdive.Commands.Backtrace;

/// <summary>Session settings of <c>bt</c> kept with the kernel: <c>bt -O</c> makes the old method the default.</summary>
internal sealed class BtDefaults
{
    /// <summary>True after an odd number of <c>bt -O</c>.</summary>
    public bool OldMethod { get; set; }
}

namespace Crashdive.Tests.Commands.Gdb;

/// <summary>One line of a gdb differential table: what crash is given, what crashdive is given, and whether the outputs must be equal.</summary>
/// <param name="Crash">The line for crash 9.0.2.</param>
/// <param name="Ours">The line for crashdive.</param>
/// <param name="Compare">False for a line that only sets up the next ones (set PID, frame selection).</param>
public sealed record GdbLine(string Crash, string Ours, bool Compare = true)
{
    /// <summary>The same line for both, compared.</summary>
    public static implicit operator GdbLine(string line) => new(line, line);

    /// <summary>A line run on both whose output is not compared.</summary>
    public static GdbLine Setup(string line) => new(line, line, false);

    /// <summary>
    /// gdb's <c>frame N</c>: crash hands <c>frame</c> to gdb; crashdive's own <c>frame</c> numbers frames as bt does, so
    /// gdb's is asked for by name. The frame line itself is not compared (crashdive does not print gdb's entry values).
    /// </summary>
    public static GdbLine GdbFrame(int level) => new($"frame {level}", $"gdb frame {level}", false);

    /// <inheritdoc/>
    public override string ToString() => Crash == Ours ? Crash : $"{Crash} | {Ours}";
}

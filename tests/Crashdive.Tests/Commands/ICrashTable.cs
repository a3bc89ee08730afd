namespace Crashdive.Tests.Commands;

/// <summary>A differential test class's table: the commands crash runs once per dump for the whole class.</summary>
public interface ICrashTable
{
    /// <summary>The commands, in the order of <see cref="CrashTableRun.CrashOutputs"/>.</summary>
    static abstract IReadOnlyList<string> CrashCommands { get; }
}

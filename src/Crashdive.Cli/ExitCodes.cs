namespace Crashdive.Cli;

/// <summary>Process exit codes.</summary>
public static class ExitCodes
{
    /// <summary>Everything asked for was done.</summary>
    public const int Ok = 0;
    /// <summary>A file was refused (not a dump, truncated, corrupt) or a command failed.</summary>
    public const int BadInput = 1;
    /// <summary>The command line itself was wrong.</summary>
    public const int Usage = 2;
}

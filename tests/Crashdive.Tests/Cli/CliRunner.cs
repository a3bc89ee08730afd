using Crashdive.Cli;

namespace Crashdive.Tests.Cli;

/// <summary>Runs the crashdive program in-process and captures what it printed.</summary>
public static class CliRunner
{
    /// <summary>Exit code, standard output and standard error of one run.</summary>
    public sealed record Result(int ExitCode, string Out, string Err);

    /// <summary>Runs <c>crashdive args...</c> with <paramref name="stdin"/> as input.</summary>
    public static Result Run(string stdin, params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int rc = Program.Run(args, new StringReader(stdin), o, e);
        return new Result(rc, o.ToString(), e.ToString());
    }
}

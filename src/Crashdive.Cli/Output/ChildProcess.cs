using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Crashdive.Cli.Parsing;

namespace Crashdive.Cli.Output;

/// <summary>
/// A shell command or pager started for a prompt line. Its standard output and error either
/// are ours (inherited, when we write to the real terminal or stdout, so that <c>| less</c>
/// works) or are copied into the session's writers (when the session writes elsewhere, as in
/// tests). Its standard input is a pipe we write the command's output into, or nothing.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    private readonly Process _process;
    private readonly Task[] _pumps;

    private ChildProcess(Process process, Task[] pumps)
    {
        _process = process;
        _pumps = pumps;
    }

    /// <summary>The pipe into the child's standard input, or null when it has none.</summary>
    public StreamWriter? Input => _process.StartInfo.RedirectStandardInput ? _process.StandardInput : null;

    /// <summary>
    /// Starts <c>/bin/sh -c <paramref name="command"/></c> (or <paramref name="argv"/> when
    /// given). <paramref name="stdin"/>: <see cref="ChildInput.Pipe"/> gives <see cref="Input"/>,
    /// <see cref="ChildInput.Inherit"/> shares ours, <see cref="ChildInput.None"/> gives it an
    /// empty input. With <paramref name="io"/>.OutputIsConsole false, its output is copied into
    /// <paramref name="io"/>'s writers. Throws <see cref="CommandLineException"/> when it cannot start.
    /// </summary>
    public static ChildProcess Start(string command, ChildInput stdin, SessionIO io, IReadOnlyList<string>? argv = null)
    {
        var psi = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardInput = stdin != ChildInput.Inherit,
            RedirectStandardOutput = !io.OutputIsConsole,
            RedirectStandardError = !io.OutputIsConsole,
        };
        if (argv == null)
        {
            psi.FileName = "/bin/sh";
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(command);
        }
        else
        {
            psi.FileName = argv[0];
            foreach (var a in argv.Skip(1))
                psi.ArgumentList.Add(a);
        }
        if (psi.RedirectStandardInput)
            psi.StandardInputEncoding = Utf8;
        if (psi.RedirectStandardOutput)
            psi.StandardOutputEncoding = psi.StandardErrorEncoding = Utf8;

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new CommandLineException($"cannot start: {command}");
        }
        catch (Win32Exception e)
        {
            throw new CommandLineException($"cannot start {psi.FileName}: {e.Message}");
        }
        if (stdin == ChildInput.None)
            process.StandardInput.Close();
        else if (stdin == ChildInput.Pipe)
            process.StandardInput.AutoFlush = false;

        Task[] pumps = psi.RedirectStandardOutput
            ? [Pump(process.StandardOutput, io.Out), Pump(process.StandardError, io.Err)]
            : [];
        return new ChildProcess(process, pumps);
    }

    /// <summary>
    /// Closes the child's input (flushing what is left; a reader that has gone away is not an
    /// error), waits for it to exit and for its output to be copied; returns its exit status.
    /// </summary>
    public int Finish()
    {
        if (_process.StartInfo.RedirectStandardInput)
        {
            try
            {
                _process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The reader exited early (`| head`): what it did not read is dropped, as in a shell.
            }
        }
        _process.WaitForExit();
        Task.WaitAll(_pumps);
        return _process.ExitCode;
    }

    /// <inheritdoc/>
    public void Dispose() => _process.Dispose();

    // The copy runs on its own thread; the session writes to the same writers only after Finish.
    private static Task Pump(StreamReader from, TextWriter to) => Task.Run(() =>
    {
        var buffer = new char[4096];
        int n;
        while ((n = from.Read(buffer, 0, buffer.Length)) > 0)
        {
            lock (to)
                to.Write(buffer, 0, n);
        }
    });
}

using System.Text;
using Crashdive.Helpers.Printk;

namespace Crashdive.Commands;

/// <summary><c>log</c>: the kernel message buffer, in crash's layout.</summary>
public sealed partial class LogCommand : ICommand
{
    /// <summary>crash's width for the caller id column when pid_max is not known.</summary>
    private const int PidCharsDefault = 8;

    /// <inheritdoc/>
    public string Name => "log";

    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "log",
        Summary = "dump system message buffer",
        Synopsis = "[-tdmc] [--json]",
        Description = """
            Prints the kernel's printk ring buffer from the oldest record still held to the newest, each record
            with its timestamp in seconds since boot, as dmesg shows it. Continuation lines of a record keep its
            indentation. The command takes no other arguments.
            """,
        Options =
        [
            new("-t", null, "leave out the timestamps"),
            new("-d", null, "add, under each record, the key=value properties attached to it (SUBSYSTEM=, DEVICE=)"),
            new("-m", null, "prefix each record with its log level in angle brackets"),
            new("-c", null, "add the caller column: the thread id (T) or, in interrupt context, the CPU (C) that logged the record"),
            new("-T", null, "wall-clock timestamps: refused for now"),
            new("-a", null, "the audit records: refused for now"),
            new("--json", null, "one JSON object per record and line (seq, timestamp_ns, level, facility, caller, text, subsystem, device), for jq and scripts"),
        ],
        Examples =
        [
            new("log | tail -20", "the last twenty messages before the dump was taken"),
            new("log -m --json | jq -r .text", "just the message texts"),
        ],
    };

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        var (flags, _, words) = new OptionParser(Name, Spec.Getopt).Parse(args);
        if (words.Count > 0)
            throw new CommandException($"unexpected argument: {words[0]}");
        if (flags.Contains('T') || flags.Contains('a'))
            throw new CommandException($"-{(flags.Contains('T') ? 'T' : 'a')} is not supported yet");
        PrintkRingBuffer prb;
        try
        {
            prb = PrintkRingBuffer.Read(context.Kernel);
        }
        catch (PrintkException e)
        {
            throw new CommandException(e.Message);
        }
        var sb = new StringBuilder(256);
        foreach (var r in prb.Records())
        {
            sb.Clear();
            Format(r, sb, showTime: !flags.Contains('t'), showLevel: flags.Contains('m'),
                showCaller: flags.Contains('c'), showDict: flags.Contains('d'), PidCharsDefault);
            context.Out.Write(sb);
        }
    }

    /// <summary>Formats one record exactly as crash 8's <c>dump_record</c> does, newline included.</summary>
    public static void Format(PrintkRecord r, StringBuilder sb, bool showTime, bool showLevel, bool showCaller, bool showDict, int pidChars)
    {
        if (r.Text == null)
        {
            sb.Append('\n'); // data-less record: crash prints an empty line
            return;
        }
        int start = sb.Length;
        if (showTime)
        {
            ulong secs = r.TimestampNs / 1_000_000_000;
            ulong micros = r.TimestampNs % 1_000_000_000 / 1000;
            sb.Append('[').Append(secs.ToString().PadLeft(5)).Append('.').Append(micros.ToString("D6")).Append("] ");
        }
        if (showCaller)
        {
            const uint cpuBit = 0x80000000;
            string id = ((r.CallerId & cpuBit) != 0 ? "C" : "T") + (r.CallerId & ~cpuBit);
            sb.Append('[').Append(id.PadLeft(pidChars)).Append("] ");
        }
        if (showLevel)
            sb.Append('<').Append(r.Level.ToString("x")).Append('>');
        int indent = sb.Length - start;
        foreach (char c in r.Text)
        {
            if (c == '\n')
                sb.Append('\n').Append(' ', indent);
            else if (IsPrintOrSpace(c))
                sb.Append(c);
            else
                sb.Append('.');
        }
        if (showDict)
        {
            if (r.Subsystem.Length > 0)
                sb.Append('\n').Append(' ', indent).Append("SUBSYSTEM=").Append(r.Subsystem);
            if (r.Device.Length > 0)
                sb.Append('\n').Append(' ', indent).Append("DEVICE=").Append(r.Device);
        }
        sb.Append('\n');
    }

    // C's isprint()/isspace() in the "C" locale: 0x20-0x7e, and \t \n \v \f \r.
    private static bool IsPrintOrSpace(char c) => (c >= 0x20 && c <= 0x7e) || (c >= '\t' && c <= '\r');
}

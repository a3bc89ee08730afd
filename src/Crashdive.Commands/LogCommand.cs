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
    public string Summary => "dump system message buffer";

    /// <inheritdoc/>
    public string Help => """
        NAME
          log - dump system message buffer

        SYNOPSIS
          log [-tdmc] [--json]

        DESCRIPTION
          This command dumps the kernel log_buf contents in chronological order.
            -t  Display the message text without the timestamp.
            -d  Display the dictionary of key/value pair properties (SUBSYSTEM=, DEVICE=)
                that are optionally appended to a message.
            -m  Display the message log level in brackets preceding each message.
            -c  Display the caller id field that identifies either the thread id or the
                CPU id (if in CPU context) that called printk().
          --json  One JSON object per line and record (seq, timestamp_ns, level,
                facility, caller, text, subsystem, device), for post-processing.
        """;

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        var (flags, _, words) = new OptionParser(Name, "tdmcTa").Parse(args);
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

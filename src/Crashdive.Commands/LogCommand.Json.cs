using Crashdive.Helpers.Printk;

namespace Crashdive.Commands;

public sealed partial class LogCommand : IJsonCommand
{
    /// <summary>
    /// <c>log --json</c>: one object per record: seq, timestamp_ns, level, facility, caller
    /// (<c>T123</c> for a thread, <c>C1</c> for a CPU), text (null for a data-less record),
    /// subsystem and device (empty when none). The other options do not apply.
    /// </summary>
    public void ExecuteJson(CommandContext context, IReadOnlyList<string> args)
    {
        var (flags, _, words) = new OptionParser(Name, "tdmc").Parse(args);
        if (words.Count > 0)
            throw new CommandException($"unexpected argument: {words[0]}");
        _ = flags; // -t -d -m -c choose columns of the text layout; JSON has every field
        PrintkRingBuffer prb;
        try
        {
            prb = PrintkRingBuffer.Read(context.Kernel);
        }
        catch (PrintkException e)
        {
            throw new CommandException(e.Message);
        }
        var lines = new JsonLines(context.Out);
        foreach (var r in prb.Records())
        {
            lines.Write(json =>
            {
                const uint cpuBit = 0x80000000;
                json.WriteNumber("seq", r.Seq);
                json.WriteNumber("timestamp_ns", r.TimestampNs);
                json.WriteNumber("level", r.Level);
                json.WriteNumber("facility", r.Facility);
                json.WriteString("caller", ((r.CallerId & cpuBit) != 0 ? "C" : "T") + (r.CallerId & ~cpuBit));
                if (r.Text == null)
                    json.WriteNull("text");
                else
                    json.WriteString("text", r.Text);
                json.WriteString("subsystem", r.Subsystem);
                json.WriteString("device", r.Device);
            });
        }
    }
}

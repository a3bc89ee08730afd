using Crashdive.Commands.Arguments;
using Crashdive.Helpers.Code;
using Crashdive.Helpers.Devices;
using Crashdive.Helpers.Modules;
using Crashdive.Kernel;

namespace Crashdive.Commands.Tasks;

public sealed partial class SysCommand : IJsonCommand
{
    /// <summary>
    /// <c>sys --json</c>: one object with the summary's facts (kernel and dump paths, cpus, date as text and
    /// as seconds, uptime, load average, tasks, utsname fields, cpu MHz, memory, panic message, taint mask
    /// and letters). <c>sys -c --json</c>: one object per system call (number, name or null, handler in
    /// hex, source). <c>sys -i --json</c>: one object per DMI field that has a string.
    /// </summary>
    public void ExecuteJson(CommandContext context, IReadOnlyList<string> args)
    {
        KernelProgram kernel = context.Kernel;
        var lines = new JsonLines(context.Out);
        var parsed = new Getopt("ci").Parse(args);
        if (parsed.Errors.Count > 0 || parsed.Words.Count > 0 || parsed.Options.Count > 1)
            throw new CommandUsageException("--json takes -c or -i alone");
        char option = parsed.Options.Count == 1 ? parsed.Options[0].Letter : ' ';
        if (option == 'c')
        {
            var (entries, _) = Guard(() => SyscallTable.Read(kernel));
            string? build = SyscallTable.BuildDirectory(kernel);
            foreach (var e in entries)
            {
                string source = e.Name == null ? "" : SyscallTable.SourceOf(kernel, e.Handler, build);
                lines.Write(json =>
                {
                    json.WriteNumber("number", e.Number);
                    if (e.Name == null)
                        json.WriteNull("name");
                    else
                        json.WriteString("name", e.Name);
                    json.WriteString("handler", e.Handler.ToString("x"));
                    json.WriteString("source", source);
                });
            }
            return;
        }
        if (option == 'i')
        {
            foreach (var (field, value) in Guard(() => Dmi.Fields(kernel)))
            {
                if (value != null)
                    lines.Write(json => { json.WriteString("field", field); json.WriteString("value", value); });
            }
            return;
        }
        var f = Facts(kernel);
        ulong mask = KernelTaint.Mask(kernel);
        string taints = KernelTaint.Letters(kernel);
        lines.Write(json =>
        {
            json.WriteString("kernel", f.Kernel);
            json.WriteString("dumpfile", f.DumpFile);
            json.WriteBoolean("partial_dump", f.PartialDump);
            json.WriteNumber("cpus", f.Cpus);
            json.WriteString("date", f.Date);
            json.WriteNumber("xtime_sec", f.XtimeSeconds);
            json.WriteString("uptime", f.Uptime);
            json.WriteString("load_average", f.LoadAverage);
            json.WriteNumber("tasks", f.Tasks);
            json.WriteString("nodename", f.NodeName);
            json.WriteString("release", f.Release);
            json.WriteString("version", f.Version);
            json.WriteString("machine", f.Machine);
            json.WriteNumber("mhz", f.Mhz);
            json.WriteString("memory", f.Memory);
            if (f.Panic == null)
                json.WriteNull("panic");
            else
                json.WriteString("panic", f.Panic);
            json.WriteString("tainted_mask", mask.ToString("x"));
            json.WriteString("taints", taints);
        });
    }

    private static T Guard<T>(Func<T> build)
    {
        try
        {
            return build();
        }
        catch (Exception e) when (e is KernelObjectException or Dumps.MemoryFaultException)
        {
            throw new CommandException(e.Message);
        }
    }
}

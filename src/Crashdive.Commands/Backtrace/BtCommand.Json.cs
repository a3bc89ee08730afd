using Crashdive.Kernel;

namespace Crashdive.Commands.Backtrace;

public sealed partial class BtCommand : IJsonCommand
{
    /// <summary>
    /// <c>bt --json [pid | task]...</c>: one object per task (the same tasks bt picks: the current one by
    /// default, -a the active ones): pid, task, cpu, command, frames (level, sp, pc, function, offset,
    /// module, file, line, exception: the pt_regs of an exception frame or null) and stop (why the unwind
    /// ended early, or null). Addresses are hex strings.
    /// </summary>
    public void ExecuteJson(CommandContext context, IReadOnlyList<string> args)
    {
        KernelProgram kernel = context.Kernel;
        var request = Parse(kernel, args);
        if (request == null)
            return;
        var lines = new JsonLines(context.Out);
        foreach (KObject task in Targets(kernel, request, args))
        {
            context.Cancellation.ThrowIfCancellationRequested();
            var (frames, stop) = BacktraceFrames.Of(kernel, task);
            int cpu = Helpers.Sched.Runqueues.ActiveCpu(kernel, task.Address);
            lines.Write(json =>
            {
                json.WriteNumber("pid", Helpers.Tasks.Tasks.Pid(task));
                json.WriteString("task", task.Address.ToString("x"));
                json.WriteNumber("cpu", cpu >= 0 ? cpu : Helpers.Tasks.Tasks.Cpu(task));
                json.WriteString("command", Helpers.Tasks.Tasks.Comm(task));
                json.WriteStartArray("frames");
                foreach (BacktraceFrame f in frames)
                {
                    json.WriteStartObject();
                    json.WriteNumber("level", f.Level);
                    json.WriteString("sp", f.Sp.ToString("x"));
                    json.WriteString("pc", f.Pc.ToString("x"));
                    if (f.Function == null)
                        json.WriteNull("function");
                    else
                        json.WriteString("function", f.Function);
                    json.WriteNumber("offset", f.Offset);
                    if (f.Module == null)
                        json.WriteNull("module");
                    else
                        json.WriteString("module", f.Module);
                    if (f.File == null)
                        json.WriteNull("file");
                    else
                        json.WriteString("file", f.File);
                    json.WriteNumber("line", f.Line);
                    if (f.Exception == null)
                        json.WriteNull("exception");
                    else
                    {
                        json.WriteStartObject("exception");
                        foreach (var (reg, value) in f.Exception)
                            json.WriteString(reg, value.ToString("x"));
                        json.WriteEndObject();
                    }
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                if (stop == null)
                    json.WriteNull("stop");
                else
                    json.WriteString("stop", stop);
            });
        }
    }
}

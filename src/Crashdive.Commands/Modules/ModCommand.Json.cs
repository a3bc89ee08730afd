using Crashdive.Helpers.Modules;
using Crashdive.Kernel;

namespace Crashdive.Commands.Modules;

public sealed partial class ModCommand : IJsonCommand
{
    /// <summary>
    /// <c>mod --json</c>: one object per loaded module, in load order: name, module (the struct module
    /// address, hex), base and size of its memory, taint letters, and the debuginfo file when
    /// <c>mod -s</c> loaded one (null otherwise).
    /// </summary>
    public void ExecuteJson(CommandContext context, IReadOnlyList<string> args)
    {
        if (args.Count > 0)
            throw new CommandException("--json takes no other arguments");
        KernelProgram kernel = context.Kernel;
        var lines = new JsonLines(context.Out);
        foreach (LoadedModule m in Helpers.Modules.Modules.List(kernel))
        {
            string? debug = null;
            foreach (DebugFile f in kernel.ModuleDebugFiles)
            {
                if (f.Name == m.Name)
                    debug = f.Path;
            }
            string taints = Helpers.Modules.Modules.TaintLetters(kernel, m);
            lines.Write(json =>
            {
                json.WriteString("name", m.Name);
                json.WriteString("module", m.Address.ToString("x"));
                json.WriteString("base", m.Base.ToString("x"));
                json.WriteNumber("size", m.Size);
                json.WriteString("taints", taints);
                if (debug == null)
                    json.WriteNull("debuginfo");
                else
                    json.WriteString("debuginfo", debug);
            });
        }
    }
}

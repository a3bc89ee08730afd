using Crashdive.Commands.Arguments;
using Crashdive.Helpers.Modules;
using Crashdive.Kernel;

namespace Crashdive.Commands.Modules;

/// <summary><c>mod</c>: the loaded modules, and loading or dropping their debuginfo.</summary>
public sealed partial class ModCommand : ICommand
{
    /// <summary>crash's synopsis.</summary>
    public const string Synopsis = "-s module [objfile] | -d module | -S [directory] [-D|-t|-r|-R|-o|-g]";

    /// <inheritdoc/>
    public string Name => "mod";

    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "mod",
        Summary = "module information and loading of symbols and debugging data",
        Synopsis = Synopsis,
        Description = """
            Without options, lists the loaded modules in the order of their base addresses: the address of each
            struct module, its name, where its memory starts, its size, the debuginfo file loaded for it (or
            "(not loaded)"), and [CONFIG_KALLSYMS] when its symbols are in memory. A module's symbols always
            come from its own kallsyms in the dump; loading its object file adds types, variables and line
            numbers, relocated to where the module was loaded.

            When -s or -S is given no file, crashdive looks for NAME.ko, NAME.ko.debug or NAME.o (treating - and
            _ alike) in: the debug tree the vmlinux came from (X/usr/lib/debug/boot/vmlinux-R leads to
            X/usr/lib/debug/lib/modules/R), a "modules" directory next to the vmlinux, the system's
            /usr/lib/debug/lib/modules/RELEASE, $CRASH_MODULE_PATH, /lib/modules/RELEASE, and the directory of
            the vmlinux and below. Compressed objects (.ko.xz, .ko.zst, .ko.gz) are named but not read:
            decompress them first. Only one of the options is taken at a time.
            """,
        Options =
        [
            new("-s", "module", "load the module's debuginfo, from the object file given after the module or found as described above; the module may be named or given by its 16-digit base address"),
            new("-d", "module", "drop the debuginfo loaded for the module"),
            new("-S", null, "load the debuginfo of every module, searching the places above, or only the directory given after -S"),
            new("-D", null, "drop the debuginfo of every module"),
            new("-t", null, "for each module whose taints mask is not zero, the mask and its taint letters"),
            new("-R", null, "drop all module debuginfo and list the modules again"),
            new("-o", null, "accepted and ignored (crash's old-style module list)"),
            new("-g", null, "accepted and ignored"),
            new("-r", null, "accepted and ignored"),
            new("--json", null, "one JSON object per module and line"),
        ],
        Arguments =
        [
            new("objfile", "with -s: the object file to read"),
            new("directory", "with -S: the only directory to search"),
        ],
        Examples =
        [
            new("mod -s nfnetlink_queue", "find and load that module's debuginfo, then show its row"),
            new("mod -S", "load debuginfo for every module that has a file in the search path"),
        ],
    };

    private enum Action { List, LoadOne, LoadAll, DeleteOne, DeleteAll, Reinit, Taints, Old }

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        try
        {
            Run(context, args);
        }
        catch (UsageOnly)
        {
            context.Out.Write(CrashText.Usage(Name, Synopsis) + "\n");
        }
    }

    private void Run(CommandContext context, IReadOnlyList<string> args)
    {
        KernelProgram kernel = context.Kernel;
        var words = StripCompatibilityFlags(args);
        var parsed = new Getopt(Spec.Getopt).Parse(words);
        if (parsed.Errors.Count > 0)
            throw new CommandException(string.Join("\nmod: ", parsed.Errors) + "\n" + CrashText.Usage(Name, Synopsis));
        Action action = Action.List;
        string? moduleArg = null;
        foreach (var (letter, value) in parsed.Options)
        {
            if (action != Action.List)
                throw Usage();
            switch (letter)
            {
                case 'R': action = Action.Reinit; break;
                case 'D': action = Action.DeleteAll; break;
                case 'd': action = Action.DeleteOne; moduleArg = value; break;
                case 's': action = Action.LoadOne; moduleArg = value; break;
                case 'S': action = Action.LoadAll; break;
                case 't': action = Action.Taints; break;
                case 'o': action = Action.Old; break;
            }
        }
        IReadOnlyList<LoadedModule> modules;
        try
        {
            modules = Helpers.Modules.Modules.ByBase(kernel);
        }
        catch (Exception e) when (e is KernelObjectException or ModuleException or Helpers.Lists.ListWalkException or Dumps.MemoryFaultException)
        {
            throw new CommandException($"cannot read the module list: {e.Message}");
        }
        if (modules.Count == 0)
        {
            context.Out.Write("no modules installed\n");
            return;
        }
        var output = context.Out;
        switch (action)
        {
            case Action.Old:
                return;
            case Action.List:
                // crash ignores words after a plain "mod"
                PrintTable(output, kernel, modules, null);
                return;
            case Action.Reinit:
                ModuleDebugInfo.UnloadAll(kernel);
                PrintTable(output, kernel, modules, null);
                return;
            case Action.DeleteAll:
                ModuleDebugInfo.UnloadAll(kernel);
                return;
            case Action.DeleteOne:
                kernel.RemoveModuleDebugFile(Resolve(modules, moduleArg!).Name);
                return;
            case Action.Taints:
                PrintTaints(output, kernel, modules);
                return;
            case Action.LoadOne:
                LoadOne(output, kernel, modules, Resolve(modules, moduleArg!), parsed.Words);
                return;
            case Action.LoadAll:
                LoadAll(output, kernel, modules, parsed.Words);
                return;
        }
    }

    // crash removes -g and -r (alone or inside a cluster) before getopt sees the options.
    private static List<string> StripCompatibilityFlags(IReadOnlyList<string> args)
    {
        var result = new List<string>(args.Count);
        foreach (string a in args)
        {
            if (a.Length < 2 || a[0] != '-')
            {
                result.Add(a);
                continue;
            }
            string s = a.Replace("g", "").Replace("r", "");
            if (s != "-")
                result.Add(s);
        }
        return result;
    }

    private static UsageOnly Usage() => new();

    // crash's cmd_usage without an error line: the usage text alone, on the command's output.
    private sealed class UsageOnly : Exception;

    // A module given by name or by its 16-digit base address, as crash's is_module_name / is_module_address.
    private static LoadedModule Resolve(IReadOnlyList<LoadedModule> modules, string arg)
    {
        if (arg.Length == 16 && AddressExpression.IsHexadecimal(arg))
        {
            ulong address = AddressExpression.ParseHex(arg);
            foreach (LoadedModule m in modules)
            {
                if (m.Base == address)
                    return m;
            }
            throw Usage();
        }
        foreach (LoadedModule m in modules)
        {
            if (m.Name == arg)
                return m;
        }
        throw Usage();
    }

    private void LoadOne(TextWriter output, KernelProgram kernel, IReadOnlyList<LoadedModule> modules, LoadedModule module, IReadOnlyList<string> words)
    {
        if (words.Count > 1)
            throw Usage();
        string? file;
        try
        {
            if (words.Count == 1)
            {
                file = words[0];
                if (!File.Exists(file) && (file = ModuleFiles.Find(kernel, module.Name, fileName: file)) == null)
                    throw new CommandException($"{module.Name}: cannot find or load object file: {words[0]}");
            }
            else if ((file = ModuleFiles.Find(kernel, module.Name)) == null)
            {
                throw new CommandException($"cannot find or load object file for {module.Name} module");
            }
        }
        catch (ModuleException e)
        {
            throw new CommandException(e.Message);
        }
        if (!ModuleFiles.IsElf(file))
            throw new CommandException($"{file}: not an ELF format object file\n{CrashText.Usage(Name, Synopsis)}");
        try
        {
            ModuleDebugInfo.Load(kernel, module, file);
        }
        catch (ModuleException e)
        {
            throw new CommandException(e.Message);
        }
        catch (Exception e) when (e is KernelObjectException or Dumps.MemoryFaultException)
        {
            throw new CommandException($"cannot load symbols from: {file}: {e.Message}");
        }
        PrintTable(output, kernel, modules, module);
    }

    private void LoadAll(TextWriter output, KernelProgram kernel, IReadOnlyList<LoadedModule> modules, IReadOnlyList<string> words)
    {
        string? directory = null;
        if (words.Count > 1)
            throw Usage();
        if (words.Count == 1)
        {
            if (!Directory.Exists(words[0]))
                throw new CommandException($"{words[0]} is not a directory\n{CrashText.Usage(Name, Synopsis)}");
            directory = words[0];
        }
        bool header = true;
        foreach (LoadedModule m in modules)
        {
            string? file = null;
            try
            {
                file = ModuleFiles.Find(kernel, m.Name, directory);
            }
            catch (ModuleException e)
            {
                output.Write($"mod: {e.Message}\n");
            }
            if (file != null)
            {
                if (!ModuleFiles.IsElf(file))
                {
                    output.Write($"mod: {file}: not an ELF format object file\n");
                }
                else
                {
                    try
                    {
                        ModuleDebugInfo.Load(kernel, m, file);
                    }
                    catch (ModuleException e)
                    {
                        output.Write($"mod: {e.Message}\n");
                    }
                    catch (Exception e) when (e is KernelObjectException or Dumps.MemoryFaultException)
                    {
                        output.Write($"mod: cannot load symbols from: {file}: {e.Message}\n");
                    }
                }
            }
            else if (ModuleDebugInfo.Loaded(kernel, m.Name) == null)
            {
                output.Write($"mod: cannot find or load object file for {m.Name} module\n");
                continue;
            }
            PrintTable(output, kernel, modules, m, header);
            header = false;
        }
    }

    /// <summary>
    /// crash's table: MODULE and BASE centred in 16 columns, NAME and SIZE as wide as the longest of
    /// all modules, then the object file (followed by a space) or "(not loaded)".
    /// </summary>
    private static void PrintTable(TextWriter output, KernelProgram kernel, IReadOnlyList<LoadedModule> modules, LoadedModule? only, bool header = true)
    {
        int nameWidth = 0, sizeWidth = 0;
        foreach (LoadedModule m in modules)
        {
            nameWidth = Math.Max(nameWidth, m.Name.Length);
            sizeWidth = Math.Max(sizeWidth, m.Size.ToString().Length);
        }
        if (header)
        {
            output.Write($"{CrashText.Center("MODULE", 16)}  {CrashText.LJust("NAME", nameWidth)}  {CrashText.Center("BASE", 16)}  {CrashText.RJust("SIZE", sizeWidth)}  OBJECT FILE\n");
        }
        foreach (LoadedModule m in modules)
        {
            if (only != null && m.Address != only.Address)
                continue;
            output.Write($"{m.Address,16:x}  {CrashText.LJust(m.Name, nameWidth)}  {m.Base,16:x}  {CrashText.RJust(m.Size.ToString(), sizeWidth)}  ");
            if (ModuleDebugInfo.Loaded(kernel, m.Name) is DebugFile d)
                output.Write($"{d.Path} ");
            else
                output.Write(m.HasKallsyms ? "(not loaded)  [CONFIG_KALLSYMS]" : "(not loaded)");
            output.Write('\n');
        }
    }

    private static void PrintTaints(TextWriter output, KernelProgram kernel, IReadOnlyList<LoadedModule> modules)
    {
        var tainted = new List<(string Name, string Letters)>();
        foreach (LoadedModule m in modules)
        {
            if (Helpers.Modules.Modules.Taints(m) != 0)
                tainted.Add((m.Name, Helpers.Modules.Modules.TaintLetters(kernel, m)));
        }
        if (tainted.Count == 0)
        {
            output.Write("no tainted modules\n");
            return;
        }
        int width = tainted.Max(t => t.Name.Length);
        output.Write($"{CrashText.LJust("NAME", width)}  TAINTS\n");
        foreach (var (name, letters) in tainted)
            output.Write($"{CrashText.LJust(name, width)}  {letters}\n");
    }
}

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
    public string Summary => "module information and loading of symbols and debugging data";

    /// <inheritdoc/>
    public string Help => $"""
        NAME
          mod - module information and loading of symbols and debugging data

        SYNOPSIS
          mod {Synopsis}

        DESCRIPTION
          With no arguments, this command displays basic information of the currently
          installed modules, consisting of the module address, name, base address,
          size, the object file name (if known), and whether the module was compiled
          with CONFIG_KALLSYMS.  Module symbols always resolve from each module's own
          kallsyms in memory; the object file adds its debugging data (types,
          variables, functions), relocated to where the module was loaded.

          -s module [objfile]  Loads the debugging data of the module from objfile, or,
                               when none is given, from NAME.ko, NAME.ko.debug or NAME.o
                               ('-' and '_' alike) found in: the debug tree the vmlinux
                               came from (X/usr/lib/debug/boot/vmlinux-R gives
                               X/usr/lib/debug/lib/modules/R), a "modules" directory
                               beside the vmlinux, /usr/lib/debug/lib/modules/<release>,
                               $CRASH_MODULE_PATH, /lib/modules/<release>, and the
                               directory tree of the vmlinux.  The module may also be
                               given by an address inside it.
                    -d module  Deletes the debugging data of the module specified.
               -S [directory]  Loads the debugging data of all loaded modules, searching
                               as above, or only in directory when one is given.
                           -D  Deletes the debugging data of all modules.
                           -t  Display the contents of the module's "taints" bitmask
                               if it is non-zero, translated to the kernel's taint
                               letters.
                           -R  Reinitialize module data: all debugging data is deleted
                               and the module list is read again.
                     -r, -g, -o  Accepted for compatibility; they change nothing here.

          Compressed object files (.ko.xz, .ko.zst, .ko.gz) are reported, not read:
          decompress them first.

        EXAMPLES
          Display the currently-installed modules:

            crash> mod
                 MODULE       NAME              BASE          SIZE  OBJECT FILE
            ffffffffc0429340  virtio_ring  ffffffffc0422000   49152  (not loaded)  [CONFIG_KALLSYMS]
            ...

          Load the debugging data of the nfnetlink_queue module:

            crash> mod -s nfnetlink_queue
                 MODULE       NAME                   BASE          SIZE  OBJECT FILE
            ffffffffc046f0c0  nfnetlink_queue  ffffffffc0469000   32768  /usr/lib/debug/lib/modules/6.1.0-56-cloud-amd64/kernel/net/netfilter/nfnetlink_queue.ko
        """;

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
        var parsed = new Getopt("Rd:Ds:Sot").Parse(words);
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

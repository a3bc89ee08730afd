using System.Reflection;
using Crashdive.Commands;

namespace Crashdive.Cli.Docs;

/// <summary><c>crashdive --man [command]</c> and <c>crashdive --completion bash</c>: documents generated from the declarations, no dump needed.</summary>
public static class DocsOption
{
    /// <summary>True when <paramref name="args"/> asks for a document rather than a session.</summary>
    public static bool Wanted(string[] args) => args.Contains("--man") || args.Contains("--completion");

    /// <summary>Writes the document asked for; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        string version = Version();
        int man = Array.IndexOf(args, "--man");
        if (man >= 0)
        {
            var all = CommandCatalog.All();
            if (man + 1 >= args.Length)
            {
                stdout.Write(ManPage.Render(all, version));
                return ExitCodes.Ok;
            }
            string name = args[man + 1];
            if (all.FirstOrDefault(c => c.Name == name) is not CommandSpec spec)
            {
                stderr.WriteLine($"crashdive: --man: no command named {name}");
                return ExitCodes.Usage;
            }
            stdout.Write(ManPage.RenderOne(spec, version));
            return ExitCodes.Ok;
        }
        int completion = Array.IndexOf(args, "--completion");
        if (completion + 1 < args.Length && args[completion + 1] == "bash")
        {
            stdout.Write(BashCompletion.Render(CommandCatalog.All()));
            return ExitCodes.Ok;
        }
        stderr.WriteLine("crashdive: --completion: only bash is offered (crashdive --completion bash)");
        return ExitCodes.Usage;
    }

    /// <summary>The version as --version prints it: VERSION+COMMIT when the build knew the commit.</summary>
    public static string Version() =>
        typeof(DocsOption).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(DocsOption).Assembly.GetName().Version?.ToString(3) ?? "0";
}

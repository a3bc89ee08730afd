using System.Text;
using Crashdive.Commands;

namespace Crashdive.Cli.Docs;

/// <summary>
/// crashdive(1) in roff, generated from the command declarations: the program's own options, then a section
/// per command with its synopsis, description, options, arguments and examples (<c>crashdive --man</c>;
/// read it with <c>crashdive --man | man -l -</c>).
/// </summary>
public static class ManPage
{
    /// <summary>The whole page: the program and every command in <paramref name="commands"/>.</summary>
    public static string Render(IReadOnlyList<CommandSpec> commands, string version)
    {
        var sb = new StringBuilder();
        sb.Append(".TH CRASHDIVE 1 \"\" \"").Append(Escape("crashdive " + version)).Append("\" \"User Commands\"\n");
        sb.Append(".SH NAME\ncrashdive \\- a Linux kernel crash-dump analyzer with crash's commands\n");
        sb.Append(".SH SYNOPSIS\n.B crashdive\n[\\fIoptions\\fR] \\fIVMLINUX\\fR \\fIVMCORE\\fR\n.br\n");
        sb.Append(".B crashdive \\-\\-dumpinfo\n\\fIVMCORE\\fR\n.br\n");
        sb.Append(".B crashdive \\-\\-man\n[\\fIcommand\\fR]\n.br\n.B crashdive \\-\\-completion bash\n");
        sb.Append(".SH DESCRIPTION\n");
        Text(sb, "crashdive opens a Linux kernel crash dump (a kdump-compressed, ELF or flattened vmcore, or /proc/kcore) "
            + "together with the vmlinux it came from, given in either order, and answers at a crash> prompt with the "
            + "commands, options and output layouts of crash. Commands are read from the terminal with line editing, "
            + "history and completion, or one per line from standard input. Every command line may end with a shell "
            + "pipeline (| cmd), a redirection (> file, >> file), and !cmd runs a shell command.");
        sb.Append(".SH OPTIONS\n");
        Option(sb, "\\-i", "FILE", "Run the commands in FILE first, then read standard input; end FILE with q to leave.");
        Option(sb, "\\-s", null, "Quiet start: no banner, and in a batch no echo of each command after the prompt.");
        Option(sb, "\\-l", "SCRIPT [ARGS]", "Run the Lua script and exit; the words after it are its arg table.");
        Option(sb, "\\-\\-dumpinfo", "VMCORE", "Print what the dump file holds (format, memory ranges, pages, CPUs, notes, VMCOREINFO); no vmlinux is needed.");
        Option(sb, "\\-\\-man", "[command]", "Print this page, or the page of one command.");
        Option(sb, "\\-\\-completion", "bash", "Print a bash completion script for crashdive.");
        Option(sb, "\\-\\-help", null, "Print the program's usage.");
        Option(sb, "\\-\\-version", null, "Print the version and the git commit crashdive was built from.");
        sb.Append(".SH COMMANDS\n");
        Text(sb, "These are typed at the crash> prompt; \"help command\" prints the same description there.");
        foreach (var spec in commands)
            Command(sb, spec, ".SS");
        sb.Append(".SH ENVIRONMENT\n");
        Option(sb, "CRASHDIVE_SOURCE", null, "The root of the kernel source tree, for l and dis \\-s.");
        Option(sb, "CRASHDIVE_MODULE_PATH, CRASH_MODULE_PATH", null, "More directories to search for module object files.");
        Option(sb, "CRASHPAGER, PAGER", null, "The pager for long output at a terminal (default: less \\-E \\-X \\-R).");
        sb.Append(".SH FILES\n");
        Option(sb, "~/.crashdive_history", null, "The prompt's command history.");
        sb.Append(".SH EXIT STATUS\n");
        Text(sb, "0 on success; 1 when a file was refused or a command failed; 2 for a usage error.");
        sb.Append(".SH SEE ALSO\n.BR crash (8),\n.BR drgn (1),\n.BR makedumpfile (8)\n");
        return sb.ToString();
    }

    /// <summary>A page for one command (<c>crashdive --man kmem</c>).</summary>
    public static string RenderOne(CommandSpec spec, string version)
    {
        var sb = new StringBuilder();
        sb.Append(".TH CRASHDIVE-").Append(Escape(spec.Name.ToUpperInvariant())).Append(" 1 \"\" \"")
            .Append(Escape("crashdive " + version)).Append("\" \"crashdive commands\"\n");
        Command(sb, spec, ".SH");
        return sb.ToString();
    }

    private static void Command(StringBuilder sb, CommandSpec spec, string heading)
    {
        sb.Append(heading).Append(' ').Append(Escape(spec.Name)).Append(" \\- ").Append(Escape(spec.Summary)).Append('\n');
        sb.Append(".nf\n");
        foreach (string line in spec.SynopsisLines)
            sb.Append(Line(line)).Append('\n');
        sb.Append(".fi\n");
        foreach (string paragraph in HelpRenderer.Paragraphs(spec.Description))
        {
            if (HelpRenderer.IsPreformatted(paragraph))
            {
                sb.Append(".PP\n.nf\n");
                foreach (string line in paragraph.Split('\n'))
                    sb.Append(Line(line)).Append('\n');
                sb.Append(".fi\n");
            }
            else
                Text(sb, paragraph.Replace('\n', ' '));
        }
        foreach (var o in spec.Options)
            Option(sb, Escape(o.Flag), o.Argument == null ? null : o.OptionalArgument ? $"[{o.Argument}]" : o.Argument, Escape(o.Meaning), escaped: true);
        foreach (var a in spec.Arguments)
        {
            sb.Append(".TP\n\\fI").Append(Escape(a.Name)).Append("\\fR\n").Append(Line(a.Meaning)).Append('\n');
        }
        foreach (var e in spec.Examples)
        {
            sb.Append(".TP\n.B \"crash> ").Append(Escape(e.Line).Replace("\"", "\\(dq")).Append("\"\n").Append(Line(e.Meaning)).Append('\n');
        }
    }

    private static void Text(StringBuilder sb, string text) => sb.Append(".PP\n").Append(Line(text)).Append('\n');

    private static void Option(StringBuilder sb, string flag, string? argument, string meaning, bool escaped = false)
    {
        sb.Append(".TP\n\\fB").Append(flag).Append("\\fR");
        if (argument != null)
            sb.Append(" \\fI").Append(Escape(argument)).Append("\\fR");
        sb.Append('\n').Append(escaped ? Guard(meaning) : Line(meaning)).Append('\n');
    }

    /// <summary>A line of text, escaped, that roff will not take for a request.</summary>
    private static string Line(string text) => Guard(Escape(text));

    private static string Guard(string escaped) => escaped.StartsWith('.') || escaped.StartsWith('\'') ? "\\&" + escaped : escaped;

    /// <summary>Text with roff's special characters escaped: backslashes and minus signs.</summary>
    public static string Escape(string text) => text.Replace("\\", "\\e").Replace("-", "\\-");
}

using Crashdive.Commands;

namespace Crashdive.Tests.Prompt;

/// <summary>
/// Every command is declared once (<see cref="CommandSpec"/>): <c>help CMD</c>, the usage line and the getopt
/// string come from the declaration, for every command <c>help</c> lists.
/// </summary>
public sealed class CommandDeclarationTests : IDisposable
{
    private readonly TestSession _s = new();

    public void Dispose() => _s.Dispose();

    /// <summary>The names <c>help</c> prints in its list, read from its output.</summary>
    private List<string> ListedNames()
    {
        Assert.True(_s.Run("help"));
        string text = _s.Take().Out;
        var names = new List<string>();
        foreach (string line in text.Split('\n'))
        {
            if (line.Length == 0 || line.Contains(' ') && !line.StartsWith(line.TrimStart(), StringComparison.Ordinal) || line.Contains(':') || line.Contains('"'))
                continue;
            for (int at = 0; at < line.Length; at += 15)
            {
                string cell = line[at..Math.Min(line.Length, at + 15)].Trim();
                if (cell.Length > 0)
                    names.Add(cell);
            }
        }
        return names;
    }

    [Fact]
    public void HelpForEveryListedCommandIsItsDeclarationRendered()
    {
        var names = ListedNames();
        Assert.Contains("bt", names);
        Assert.Contains("kmem", names);
        Assert.Equal(_s.Session.Commands.Count, names.Count);
        foreach (string name in names)
        {
            ICommand command = _s.Session.Commands[name];
            Assert.Equal(name, command.Name);
            Assert.Equal(name, command.Spec.Name);
            Assert.True(_s.Run($"help {name}"), name);
            var (output, err) = _s.Take();
            Assert.Equal("", err);
            if (name == "output")
                continue; // "help output" is crash's topic on output redirection; gdb's output command is in "help gdb"
            Assert.Equal("\n" + HelpRenderer.Render(command.Spec) + "\n\n", output);
            Assert.Contains($"NAME\n  {name} - {command.Spec.Summary}\n", output);
            // the synopsis as crash's usage prints it, then the usage message itself
            string synopsis = command.Spec.Synopsis;
            Assert.Contains("\nSYNOPSIS\n  " + name + (synopsis.Length > 0 ? " " + synopsis : "") + "\n\n", output);
            Assert.Equal($"Usage:\n  {name} {synopsis}\nEnter \"help {name}\" for details.", command.Spec.Usage);
            foreach (var option in command.Spec.Options)
                Assert.Contains("\n  " + option.Display, output);
            foreach (var argument in command.Spec.Arguments)
                Assert.Contains("\n  " + argument.Name, output);
            Assert.False(string.IsNullOrWhiteSpace(command.Spec.Description), name);
        }
    }

    [Fact]
    public void EveryGetoptLetterIsADeclaredOptionAndNoneTwice()
    {
        foreach (var (name, command) in _s.Session.Commands)
        {
            string getopt = command.Spec.Getopt;
            var letters = getopt.Where(c => c != ':').ToList();
            Assert.True(letters.Count == letters.Distinct().Count(), $"{name}: a letter twice in \"{getopt}\"");
            foreach (char letter in letters)
            {
                Assert.True(command.Spec.Options.Any(o => o.Flag.Length > 1 && o.Flag[0] == '-' && o.Flag[1] == letter),
                    $"{name}: getopt letter {letter} of \"{getopt}\" is not declared");
            }
        }
    }

    [Fact]
    public void OptionsWithValuesTakeThemInGetopt()
    {
        var rd = _s.Session.Commands["rd"].Spec;
        Assert.Contains("o:", rd.Getopt);
        Assert.Contains("1:3:6:", rd.Getopt);
        var kmem = _s.Session.Commands["kmem"].Spec;
        Assert.Contains("S::", kmem.Getopt);
        Assert.Equal("-S[=cpu(s)]", kmem.Options.Single(o => o.Flag == "-S").Display);
    }

    [Fact]
    public void WrappedHelpFitsEightyColumns()
    {
        foreach (var (name, command) in _s.Session.Commands)
        {
            // the synopsis is crash's usage text, kept as crash prints it; what follows is wrapped by the renderer
            string help = command.Spec.Help;
            foreach (string line in help[help.IndexOf("\nDESCRIPTION\n", StringComparison.Ordinal)..].Split('\n'))
            {
                // a single word longer than the width (a path, a long option argument) cannot be wrapped
                if (line.Length > 80 && line.Trim().Contains(' '))
                    Assert.Fail($"{name}: {line.Length} columns: {line}");
            }
        }
    }
}

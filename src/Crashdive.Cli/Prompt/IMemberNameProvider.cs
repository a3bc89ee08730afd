namespace Crashdive.Cli.Prompt;

/// <summary>Member names for Tab after a dot: <c>struct task_struct.se</c>, <c>p init_net.ge</c>.</summary>
public interface IMemberNameProvider
{
    /// <summary>
    /// The members of the struct or union reached by <paramref name="path"/> (its root a type name
    /// when <paramref name="rootIsType"/>, else a variable; then dotted members) that start with
    /// <paramref name="prefix"/>, at most <paramref name="max"/>, sorted; empty when the path leads nowhere.
    /// </summary>
    IReadOnlyList<string> MembersStartingWith(string path, bool rootIsType, string prefix, int max);

    /// <summary>
    /// Type names for the argument of <paramref name="command"/> (<c>struct</c>: struct tags, <c>union</c>:
    /// union tags, <c>whatis</c> and <c>*</c>: both and typedefs) that start with <paramref name="prefix"/>,
    /// at most <paramref name="max"/>, sorted.
    /// </summary>
    IReadOnlyList<string> TypesStartingWith(string command, string prefix, int max) => [];
}

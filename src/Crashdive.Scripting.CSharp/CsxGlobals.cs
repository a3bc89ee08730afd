using Crashdive.Commands;
using Crashdive.Helpers.Lists;
using Crashdive.Helpers.Tasks;
using Crashdive.Helpers.Trees;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Scripting.CSharp;

/// <summary>
/// What a C# script (<c>csx FILE</c>) sees as globals: the kernel as typed objects (the same API
/// as Lua's <c>kernel</c>), <see cref="Exec"/> for crash commands, its arguments and its output.
/// </summary>
public sealed class CsxGlobals(KernelProgram kernel, ICommandLineRunner runner, TextWriter output, IReadOnlyList<string> args, CancellationToken cancellation)
{
    /// <summary>The dead kernel.</summary>
    public KernelProgram Kernel { get; } = kernel;

    /// <summary>Where the script prints (the command's output: pipes and redirects apply).</summary>
    public TextWriter Out { get; } = output;

    /// <summary>The words after the script's name.</summary>
    public IReadOnlyList<string> Args { get; } = args;

    /// <summary>Cancelled by Ctrl-C: long loops should check it.</summary>
    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>Runs a crash command line as the prompt does and returns the text it prints; a failure throws with the prompt's message.</summary>
    public string Exec(string line)
    {
        var captured = new StringWriter();
        runner.RunLine(line, captured, Cancellation);
        return captured.ToString();
    }

    /// <summary>Prints a line.</summary>
    public void Print(object? value) => Out.WriteLine(value);

    /// <summary>A global variable.</summary>
    public KObject Var(string name) => Kernel.Variable(name);

    /// <summary>A type by name (<c>"struct sk_buff *"</c>).</summary>
    public CType Type(string name) => Kernel.Type(name);

    /// <summary>The object of type <paramref name="type"/> at <paramref name="address"/>.</summary>
    public KObject Object(string type, ulong address) => KObject.Reference(Kernel, Kernel.Type(type), address);

    /// <summary><paramref name="o"/> as <paramref name="type"/>.</summary>
    public KObject Cast(KObject o, string type) => o.Cast(Kernel.Type(type));

    /// <summary>container_of(ptr, type, member).</summary>
    public KObject ContainerOf(KObject ptr, string type, string member) => ptr.ContainerOf(Kernel.Type(type), member);

    /// <summary>list_for_each_entry over the list whose head is <paramref name="head"/> (a list_head or a pointer to one).</summary>
    public IEnumerable<KObject> ListForEachEntry(KObject head, string type, string member) => KernelList.Entries(head, Kernel.Type(type), member);

    /// <summary>hlist_for_each_entry.</summary>
    public IEnumerable<KObject> HlistForEachEntry(KObject head, string type, string member) =>
        KernelList.HlistEntries(Kernel, HeadAddress(head), Kernel.Type(type), member);

    /// <summary>The entries of an rbtree in order.</summary>
    public IEnumerable<KObject> RbtreeForEachEntry(KObject root, string type, string member)
    {
        CType t = Kernel.Type(type);
        ulong offset = KernelList.MemberOffset(t, member);
        foreach (TreeEntry e in Helpers.Trees.RbTree.Walk(Kernel, Helpers.Trees.RbTree.RootNode(Kernel, HeadAddress(root)), inOrder: true))
            yield return KObject.Reference(Kernel, t, unchecked(e.Value - offset));
    }

    /// <summary>(index, entry) of an xarray.</summary>
    public IEnumerable<(ulong Index, ulong Entry)> XaForEach(KObject xarray)
    {
        foreach (TreeEntry e in XArray.Walk(Kernel, XArray.Head(Kernel, HeadAddress(xarray))))
        {
            if (e.Value != 0)
                yield return (e.Index, e.Value);
        }
    }

    /// <summary>Every task.</summary>
    public IEnumerable<KObject> Tasks() => Helpers.Tasks.Tasks.All(Kernel);

    /// <summary>The task with <paramref name="pid"/>, or null.</summary>
    public KObject? Task(int pid) => Helpers.Tasks.Tasks.FindByPid(Kernel, pid);

    /// <summary>The symbol at or before <paramref name="address"/>, or null.</summary>
    public (string Name, ulong Offset)? Symbol(ulong address) => Kernel.ResolveAddress(address);

    /// <summary>The address of symbol <paramref name="name"/>.</summary>
    public ulong Address(string name) => Kernel.SymbolAddress(name) ?? throw new KernelObjectException($"no symbol: {name}");

    /// <summary>Reads of every width.</summary>
    public byte ReadU8(ulong a) => Kernel.Memory.Read<byte>(a);

    /// <inheritdoc cref="ReadU8"/>
    public ushort ReadU16(ulong a) => Kernel.Memory.Read<ushort>(a);

    /// <inheritdoc cref="ReadU8"/>
    public uint ReadU32(ulong a) => Kernel.Memory.Read<uint>(a);

    /// <inheritdoc cref="ReadU8"/>
    public ulong ReadU64(ulong a) => Kernel.Memory.Read<ulong>(a);

    /// <summary><paramref name="length"/> bytes at <paramref name="address"/>.</summary>
    public byte[] Read(ulong address, int length)
    {
        var b = new byte[length];
        Kernel.Memory.Read(address, b);
        return b;
    }

    private static ulong HeadAddress(KObject o) => o.IsPointer ? o.ToUInt64() : o.Address;
}

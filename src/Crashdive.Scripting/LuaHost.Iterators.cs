using Crashdive.Helpers.Lists;
using Crashdive.Helpers.Tasks;
using Crashdive.Helpers.Trees;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;
using KeraLua;

namespace Crashdive.Scripting;

// Iterators over kernel lists, trees and tasks. Each is a C# enumerator behind a handle; the Lua
// side calls next until it returns nothing. Walks are the helpers' own: bounded, cycle-checked.
public sealed partial class LuaHost
{
    private void RegisterIterators()
    {
        Add("list_entries", lua => Iterator(lua, KernelList.Entries(Kernel, HeadArg(lua, 1), TypeArg(lua, 2), StringArg(lua, 3))));
        Add("list_nodes", lua =>
        {
            CType listHead = Kernel.Type("struct list_head");
            return Iterator(lua, Addresses(KernelList.Nodes(Kernel, HeadArg(lua, 1)), listHead));
        });
        Add("hlist_entries", lua => Iterator(lua, KernelList.HlistEntries(Kernel, HeadArg(lua, 1), TypeArg(lua, 2), StringArg(lua, 3))));
        Add("rbtree_entries", lua => Iterator(lua, RbTreeEntries(HeadArg(lua, 1), TypeArg(lua, 2), StringArg(lua, 3))));
        Add("xarray_entries", lua => Iterator(lua, XArrayEntries(HeadArg(lua, 1))));
        Add("tasks", lua => Iterator(lua, Tasks.All(Kernel)));
        Add("task", lua =>
        {
            long pid = IntegerArg(lua, 1);
            if (pid is < 0 or > int.MaxValue || Tasks.FindByPid(Kernel, (int)pid) is not KObject t)
                lua.PushNil();
            else
                PushObject(lua, t);
            return 1;
        });
        Add("next", lua =>
        {
            if (HandleAt(lua, 1, IteratorMeta) is not IEnumerator<object> it)
                throw new ScriptArgumentException("bad argument #1: iterator expected");
            _cancellation.ThrowIfCancellationRequested();
            if (!it.MoveNext())
                return 0;
            switch (it.Current)
            {
                case KObject o:
                    PushObject(lua, o);
                    return 1;
                case (ulong index, KObject o):
                    PushAddress(lua, index);
                    PushObject(lua, o);
                    return 2;
                case (string name, KObject o):
                    lua.PushString(name);
                    PushObject(lua, o);
                    return 2;
                default:
                    return 0;
            }
        });
    }

    /// <summary>The address of a list head, hlist head, rb_root or xarray: an object (a pointer's value, else its address) or an address.</summary>
    private static ulong HeadArg(Lua lua, int index) => AddressArg(lua, index);

    private static int Iterator<T>(Lua lua, IEnumerable<T> items)
    {
        PushHandle(lua, Boxed(items).GetEnumerator(), IteratorMeta);
        return 1;
    }

    private static IEnumerable<object> Boxed<T>(IEnumerable<T> items)
    {
        foreach (T item in items)
            yield return item!;
    }

    private IEnumerable<KObject> Addresses(IEnumerable<ulong> nodes, CType type)
    {
        foreach (ulong node in nodes)
            yield return KObject.Reference(Kernel, type, node);
    }

    private IEnumerable<(ulong, KObject)> XArrayEntries(ulong xarray)
    {
        CType voidPointer = TypeBuilder.PointerTo(VoidType.Instance);
        foreach (TreeEntry e in XArray.Walk(Kernel, XArray.Head(Kernel, xarray)))
        {
            if (e.Value != 0)
                yield return (e.Index, KObject.Value(Kernel, voidPointer, e.Value));
        }
    }

    private IEnumerable<KObject> RbTreeEntries(ulong root, CType type, string member)
    {
        ulong offset = KernelList.MemberOffset(type, member);
        foreach (TreeEntry e in Helpers.Trees.RbTree.Walk(Kernel, Helpers.Trees.RbTree.RootNode(Kernel, root), inOrder: true))
            yield return KObject.Reference(Kernel, type, unchecked(e.Value - offset));
    }
}

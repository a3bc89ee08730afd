using Crashdive.Symbols.Types;
using KeraLua;

namespace Crashdive.Scripting;

// Types for Lua: kernel.type("struct sk_buff") with .name, .size, .kind, .members, :offsetof().
public sealed partial class LuaHost
{
    private void RegisterTypes()
    {
        Add("type", lua => { PushType(lua, TypeArg(lua, 1)); return 1; });
        Add("find_type", lua =>
        {
            if (Kernel.FindType(StringArg(lua, 1)) is CType t)
                PushType(lua, t);
            else
                lua.PushNil();
            return 1;
        });
        Add("typefield", lua => TypeField(lua, TypeArg(lua, 1), StringArg(lua, 2)));
        Add("offsetof", lua =>
        {
            CType t = TypeArg(lua, 1);
            string path = StringArg(lua, 2);
            if (t.Underlying() is not StructType s || s.FindMemberPath(path) is not MemberLookup m)
                throw new ScriptArgumentException($"There is no member named {path} in {t}.");
            lua.PushInteger((long)m.Offset);
            return 1;
        });
        Add("pointer_to", lua => { PushType(lua, TypeBuilder.PointerTo(TypeArg(lua, 1))); return 1; });
        Add("type_equal", lua =>
        {
            lua.PushBoolean(HandleAt(lua, 1, TypeMeta) is CType a && HandleAt(lua, 2, TypeMeta) is CType b
                && (ReferenceEquals(a, b) || (a.Kind == b.Kind && a.ToString() == b.ToString() && a.Size == b.Size)));
            return 1;
        });
    }

    private static int TypeField(Lua lua, CType t, string key)
    {
        CType u = t.Underlying();
        switch (key)
        {
            case "name":
                lua.PushString(t.ToString());
                return 1;
            case "size":
                if (t.Size is ulong size)
                    lua.PushInteger((long)size);
                else
                    lua.PushNil();
                return 1;
            case "kind":
                lua.PushString(t.Kind.ToString().ToLowerInvariant());
                return 1;
            case "target":
                CType? target = t switch
                {
                    PointerType p => p.Target,
                    TypedefType d => d.Target,
                    ArrayType a => a.ElementType,
                    _ => u switch { PointerType p => p.Target, ArrayType a => a.ElementType, _ => null },
                };
                if (target != null)
                    PushType(lua, target);
                else
                    lua.PushNil();
                return 1;
            case "length":
                if (u is ArrayType { Length: ulong n })
                    lua.PushInteger((long)n);
                else
                    lua.PushNil();
                return 1;
            case "members":
                if (u is not StructType s)
                {
                    lua.PushNil();
                    return 1;
                }
                lua.CreateTable(s.Members.Count, 0);
                long i = 0;
                foreach (Member m in s.Members)
                {
                    lua.CreateTable(0, 5);
                    if (m.Name != null)
                    {
                        lua.PushString(m.Name);
                        lua.SetField(-2, "name");
                    }
                    lua.PushInteger((long)m.Offset);
                    lua.SetField(-2, "offset");
                    PushType(lua, m.Type);
                    lua.SetField(-2, "type");
                    if (m.IsBitField)
                    {
                        lua.PushInteger((long)m.BitOffset);
                        lua.SetField(-2, "bit_offset");
                        lua.PushInteger((long)m.BitSize);
                        lua.SetField(-2, "bit_size");
                    }
                    lua.RawSetInteger(-2, ++i);
                }
                return 1;
            case "enumerators":
                if (u is not EnumType e)
                {
                    lua.PushNil();
                    return 1;
                }
                lua.CreateTable(0, e.Enumerators.Count);
                foreach (Enumerator en in e.Enumerators)
                {
                    lua.PushInteger(en.Value);
                    lua.SetField(-2, en.Name);
                }
                return 1;
            default:
                lua.PushNil();
                return 1;
        }
    }
}

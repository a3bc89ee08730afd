using Crashdive.Kernel;
using Crashdive.Symbols.Types;
using KeraLua;

namespace Crashdive.Scripting;

// Kernel objects for Lua: navigation, values, strings and bytes.
public sealed partial class LuaHost
{
    /// <summary>Most elements or members <c>obj:value()</c> turns into one Lua table.</summary>
    public const int MaxValueElements = 65_536;

    private const int MaxValueDepth = 16;

    private void RegisterObjects()
    {
        Add("member", lua => { PushObject(lua, ObjectArg(lua, 1).Member(StringArg(lua, 2))); return 1; });
        Add("index", lua => { PushObject(lua, ObjectArg(lua, 1).Index(IntegerArg(lua, 2))); return 1; });
        Add("deref", lua => { PushObject(lua, ObjectArg(lua, 1).Deref()); return 1; });
        Add("address_of", lua => { PushObject(lua, ObjectArg(lua, 1).AddressOf()); return 1; });
        Add("cast", lua => { PushObject(lua, ObjectArg(lua, 1).Cast(TypeArg(lua, 2))); return 1; });
        Add("container_of", lua =>
        {
            // kernel.container_of(ptr, "struct x", "member"): ptr is an object or an address.
            CType type = TypeArg(lua, 2);
            string member = StringArg(lua, 3);
            KObject ptr = IsObject(lua, 1)
                ? ObjectArg(lua, 1)
                : KObject.Value(Kernel, TypeBuilder.PointerTo(VoidType.Instance), AddressArg(lua, 1));
            PushObject(lua, ptr.ContainerOf(type, member));
            return 1;
        });
        Add("percpu", lua => { PushObject(lua, ObjectArg(lua, 1).PerCpu((int)IntegerArg(lua, 2))); return 1; });
        Add("object", lua => { PushObject(lua, KObject.Reference(Kernel, TypeArg(lua, 1), AddressArg(lua, 2))); return 1; });
        Add("typeof", lua => { PushType(lua, ObjectArg(lua, 1).Type); return 1; });
        Add("address", lua =>
        {
            KObject o = ObjectArg(lua, 1);
            if (!o.IsReference)
                throw new ScriptArgumentException($"({o.Type}) value is not in memory: it has no address");
            PushAddress(lua, o.Address);
            return 1;
        });
        Add("value", lua => { PushValue(lua, ObjectArg(lua, 1), 0); return 1; });
        Add("string", lua =>
        {
            KObject o = ObjectArg(lua, 1);
            PushLatin1(lua, o.ReadString((int)Math.Clamp(OptionalIntegerArg(lua, 2, KObject.DefaultMaxString), 0, 1 << 20)));
            return 1;
        });
        Add("bytes", lua => { PushBytes(lua, ObjectArg(lua, 1).ReadBytes()); return 1; });
        Add("tostring", lua => { lua.PushString(Format(ObjectArg(lua, 1))); return 1; });
        Add("hasmember", lua =>
        {
            // Never fails: the Lua side asks it before taking a name as a method.
            lua.PushBoolean(HandleAt(lua, 1, ObjectMeta) is KObject o && lua.Type(2) == LuaType.String
                && o.Type != null && o.HasMember(lua.ToString(2, false)));
            return 1;
        });
        Add("members", lua =>
        {
            KObject o = ObjectArg(lua, 1);
            CType t = o.UnderlyingType is PointerType p ? p.Target.Underlying() : o.UnderlyingType;
            if (t is not StructType s)
                throw new ScriptArgumentException($"{o.Type} has no members");
            PushMemberNames(lua, s);
            return 1;
        });
        Add("length", lua =>
        {
            KObject o = ObjectArg(lua, 1);
            if (o.UnderlyingType is not ArrayType { Length: ulong n })
                throw new ScriptArgumentException($"{o.Type} is not an array of known length");
            lua.PushInteger((long)n);
            return 1;
        });
        Add("equal", lua =>
        {
            KObject a = ObjectArg(lua, 1), b = ObjectArg(lua, 2);
            bool same = a.IsReference && b.IsReference
                ? a.Address == b.Address && a.Type.ToString() == b.Type.ToString()
                : !a.IsReference && !b.IsReference && a.IsPointer && b.IsPointer && a.ToUInt64() == b.ToUInt64();
            lua.PushBoolean(same);
            return 1;
        });
    }

    private static void PushMemberNames(Lua lua, StructType s)
    {
        lua.NewTable();
        long i = 0;
        AddMemberNames(lua, s, ref i, 0);
    }

    private static void AddMemberNames(Lua lua, StructType s, ref long i, int depth)
    {
        foreach (Member m in s.Members)
        {
            if (m.Name != null)
            {
                lua.PushString(m.Name);
                lua.RawSetInteger(-2, ++i);
            }
            else if (m.Type.Underlying() is StructType inner && depth < MaxValueDepth)
            {
                AddMemberNames(lua, inner, ref i, depth + 1); // anonymous struct or union: its members are the outer's
            }
        }
    }

    /// <summary>
    /// The object as a Lua value: integers, enums and pointers as integers (64-bit two's complement),
    /// floats as numbers, booleans as booleans, char arrays as strings, other arrays and structs as tables.
    /// </summary>
    private static void PushValue(Lua lua, KObject o, int depth)
    {
        if (depth > MaxValueDepth)
            throw new ScriptArgumentException($"{o.Type} nests deeper than {MaxValueDepth}");
        switch (o.UnderlyingType)
        {
            case BaseType { IsFloat: true }:
                lua.PushNumber(o.ToDouble());
                break;
            case BaseType { Encoding: BaseTypeEncoding.Boolean }:
                lua.PushBoolean(o.ToBool());
                break;
            case BaseType or EnumType or PointerType:
                lua.PushInteger(o.ToInt64());
                break;
            case ArrayType { ElementType: var e } when e.Underlying() is BaseType { IsChar: true }:
                PushLatin1(lua, o.ReadString());
                break;
            case ArrayType a:
                ulong n = a.Length ?? 0;
                if (n > MaxValueElements)
                    throw new ScriptArgumentException($"{o.Type} has more than {MaxValueElements} elements: index it instead");
                lua.CreateTable((int)n, 0);
                for (ulong i = 0; i < n; i++)
                {
                    PushValue(lua, o.Index((long)i), depth + 1);
                    lua.RawSetInteger(-2, (long)i + 1);
                }
                break;
            case StructType s:
                lua.NewTable();
                AddMemberValues(lua, o, s, depth);
                break;
            default:
                throw new ScriptArgumentException($"cannot take the value of {o.Type}");
        }
    }

    private static void AddMemberValues(Lua lua, KObject o, StructType s, int depth)
    {
        foreach (Member m in s.Members)
        {
            if (m.Name == null)
            {
                if (m.Type.Underlying() is StructType inner)
                    AddMemberValues(lua, o, inner, depth + 1);
                continue;
            }
            PushValue(lua, o.Member(m.Name), depth + 1);
            lua.SetField(-2, m.Name);
        }
    }

    /// <summary>
    /// What <c>tostring(obj)</c> gives: the value of a scalar (pointers as <c>0x...</c>, enums by
    /// name when one matches), a char array as its string, else <c>(type) *0xADDRESS</c>.
    /// </summary>
    internal static string Format(KObject o)
    {
        switch (o.UnderlyingType)
        {
            case PointerType:
                return $"0x{o.ToUInt64():x}";
            case BaseType { IsFloat: true }:
                return o.ToDouble().ToString(System.Globalization.CultureInfo.InvariantCulture);
            case BaseType { Encoding: BaseTypeEncoding.Boolean }:
                return o.ToBool() ? "true" : "false";
            case BaseType b:
                return b.IsSigned ? o.ToInt64().ToString(System.Globalization.CultureInfo.InvariantCulture) : o.ToUInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
            case EnumType e:
                long v = o.ToInt64();
                foreach (var en in e.Enumerators)
                {
                    if (en.Value == v)
                        return en.Name;
                }
                return v.ToString(System.Globalization.CultureInfo.InvariantCulture);
            case ArrayType { ElementType: var el } when el.Underlying() is BaseType { IsChar: true }:
                return o.ReadString();
            default:
                return o.IsReference ? $"({o.Type}) *0x{o.Address:x}" : $"({o.Type}) value";
        }
    }
}

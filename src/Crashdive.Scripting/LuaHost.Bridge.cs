using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Crashdive.Commands;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;
using KeraLua;

namespace Crashdive.Scripting;

// The C# side of the bridge: registration, the guard that turns exceptions into an error marker
// and a message (never a Lua error raised from C#), and the argument and handle helpers.
public sealed partial class LuaHost
{
    /// <summary>The light userdata a bridge function returns first when it failed; its second result is the message.</summary>
    private static readonly IntPtr ErrorMarker = new(0x5ca1ab1e);

    private const string ObjectMeta = "crashdive.object";
    private const string TypeMeta = "crashdive.type";
    private const string IteratorMeta = "crashdive.iterator";

    // Delegates handed to Lua live as long as the state: the GC must not collect them.
    private readonly List<LuaFunction> _keepAlive = new();

    private void RegisterBridge()
    {
        foreach (string meta in (string[])[ObjectMeta, TypeMeta, IteratorMeta])
        {
            _lua.NewMetaTable(meta);
            PushFunction(FreeHandle);
            _lua.SetField(-2, "__gc");
            _lua.Pop(1);
        }
        _lua.NewTable();
        RegisterCrash();
        RegisterObjects();
        RegisterTypes();
        RegisterKernel();
        RegisterIterators();
        RegisterNet();
        RegisterBacktrace();
        _lua.SetGlobal("__crashdive_bridge");
    }

    private void Add(string name, Func<Lua, int> body)
    {
        PushFunction(body);
        _lua.SetField(-2, name);
    }

    private void PushFunction(Func<Lua, int> body)
    {
        LuaFunction function = state => Guard(state, body);
        _keepAlive.Add(function);
        _lua.PushCFunction(function);
    }

    private static int Guard(IntPtr state, Func<Lua, int> body)
    {
        var lua = Lua.FromIntPtr(state);
        try
        {
            return body(lua);
        }
        catch (Exception e)
        {
            lua.PushLightUserData(ErrorMarker);
            lua.PushString(Describe(e));
            return 2;
        }
    }

    /// <summary>The one-line message a script sees for <paramref name="e"/>.</summary>
    internal static string Describe(Exception e) => e switch
    {
        OperationCanceledException => "interrupted",
        _ when e.GetType().Namespace?.StartsWith("Crashdive.", StringComparison.Ordinal) == true => e.Message,
        _ => $"internal error: {e.GetType().Name}: {e.Message}",
    };

    private static int FreeHandle(Lua lua)
    {
        IntPtr block = lua.ToUserData(1);
        if (block != IntPtr.Zero && Marshal.ReadIntPtr(block) is var h && h != IntPtr.Zero)
        {
            Marshal.WriteIntPtr(block, IntPtr.Zero);
            GCHandle.FromIntPtr(h).Free();
        }
        return 0;
    }

    private static void PushHandle(Lua lua, object value, string meta)
    {
        IntPtr block = lua.NewUserData(IntPtr.Size);
        Marshal.WriteIntPtr(block, GCHandle.ToIntPtr(GCHandle.Alloc(value)));
        lua.SetMetaTable(meta);
    }

    private static object? HandleAt(Lua lua, int index, string meta)
    {
        IntPtr block = lua.TestUserData(index, meta);
        if (block == IntPtr.Zero)
            return null;
        IntPtr h = Marshal.ReadIntPtr(block);
        return h == IntPtr.Zero ? null : GCHandle.FromIntPtr(h).Target;
    }

    private static void PushObject(Lua lua, KObject obj) => PushHandle(lua, obj, ObjectMeta);

    private static void PushType(Lua lua, CType type) => PushHandle(lua, type, TypeMeta);

    private static bool IsObject(Lua lua, int index) => HandleAt(lua, index, ObjectMeta) is KObject;

    private static KObject ObjectArg(Lua lua, int index) =>
        HandleAt(lua, index, ObjectMeta) is KObject o ? o
        : throw new ScriptArgumentException($"bad argument #{index}: kernel object expected, got {lua.TypeName(index)}");

    private static string StringArg(Lua lua, int index)
    {
        LuaType t = lua.Type(index);
        if (t is not (LuaType.String or LuaType.Number))
            throw new ScriptArgumentException($"bad argument #{index}: string expected, got {lua.TypeName(index)}");
        return lua.ToString(index, false);
    }

    private static long IntegerArg(Lua lua, int index)
    {
        if (lua.Type(index) == LuaType.Number && lua.ToIntegerX(index) is long v)
            return v;
        throw new ScriptArgumentException($"bad argument #{index}: integer expected, got {lua.TypeName(index)}");
    }

    private static long OptionalIntegerArg(Lua lua, int index, long fallback) =>
        lua.Type(index) is LuaType.None or LuaType.Nil ? fallback : IntegerArg(lua, index);

    /// <summary>
    /// An address: a Lua integer (64-bit two's complement), a hexadecimal string as crash prints
    /// them (with or without <c>0x</c>), or a kernel object (a pointer's value, else its address).
    /// </summary>
    private static ulong AddressArg(Lua lua, int index)
    {
        switch (lua.Type(index))
        {
            case LuaType.Number when lua.ToIntegerX(index) is long v:
                return unchecked((ulong)v);
            case LuaType.String:
                string s = lua.ToString(index, false).Trim();
                if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
                    s = s[2..];
                if (ulong.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong a))
                    return a;
                throw new ScriptArgumentException($"bad argument #{index}: not a hexadecimal address: {lua.ToString(index, false)}");
            case LuaType.UserData when HandleAt(lua, index, ObjectMeta) is KObject o:
                return o.IsPointer ? o.ToUInt64() : o.IsReference ? o.Address : o.ToUInt64();
            default:
                throw new ScriptArgumentException($"bad argument #{index}: address expected, got {lua.TypeName(index)}");
        }
    }

    /// <summary>A type: a type object or a name (<c>"struct sk_buff *"</c>).</summary>
    private CType TypeArg(Lua lua, int index) =>
        HandleAt(lua, index, TypeMeta) is CType t ? t
        : HandleAt(lua, index, ObjectMeta) is KObject o ? o.Type
        : Kernel.Type(StringArg(lua, index));

    /// <summary>Pushes bytes as a Lua string, unchanged (kernel strings are bytes, not UTF-8).</summary>
    private static void PushBytes(Lua lua, byte[] bytes) => lua.PushBuffer(bytes);

    private static void PushLatin1(Lua lua, string s) => lua.PushBuffer(Encoding.Latin1.GetBytes(s));

    private static void PushAddress(Lua lua, ulong address) => lua.PushInteger(unchecked((long)address));

    // crash: exec_command and the script's output.
    private void RegisterCrash()
    {
        Add("exec", lua =>
        {
            string line = StringArg(lua, 1);
            var captured = new StringWriter();
            _runner.RunLine(line, captured, _cancellation);
            lua.PushString(captured.ToString());
            return 1;
        });
        Add("write", lua =>
        {
            int n = lua.GetTop();
            for (int i = 1; i <= n; i++)
                _output.Write(lua.ToString(i, false));
            return 0;
        });
        Add("cancelled", lua =>
        {
            lua.PushBoolean(_cancellation.IsCancellationRequested);
            return 1;
        });
    }
}

using Crashdive.Helpers.Percpu;
using Crashdive.Kernel;
using KeraLua;

namespace Crashdive.Scripting;

// kernel.*: variables, symbols both ways, memory reads of any width, CPUs.
public sealed partial class LuaHost
{
    /// <summary>Largest <c>kernel.read(addr, len)</c>.</summary>
    public const int MaxRead = 16 << 20;

    private void RegisterKernel()
    {
        Add("var", lua => { PushObject(lua, Kernel.Variable(StringArg(lua, 1))); return 1; });
        Add("find_var", lua =>
        {
            if (Kernel.FindVariable(StringArg(lua, 1)) is KObject o)
                PushObject(lua, o);
            else
                lua.PushNil();
            return 1;
        });
        Add("symbol", lua =>
        {
            // kernel.symbol(addr) -> name, offset (nil when nothing covers it)
            if (Kernel.ResolveAddress(AddressArg(lua, 1)) is not var (name, offset))
            {
                lua.PushNil();
                return 1;
            }
            lua.PushString(name);
            lua.PushInteger((long)offset);
            return 2;
        });
        Add("symbol_address", lua =>
        {
            string name = StringArg(lua, 1);
            ulong? a = Kernel.SymbolAddress(name) ?? (Kernel.FindFunction(name) is var (_, fa) ? fa : null)
                ?? (Kernel.FindVariable(name) is KObject { IsPerCpu: false } v ? v.Address : null);
            if (a is not ulong address)
                throw new ScriptArgumentException($"no symbol: {name}");
            PushAddress(lua, address);
            return 1;
        });
        Add("read_u8", lua => { lua.PushInteger(Kernel.Memory.Read<byte>(AddressArg(lua, 1))); return 1; });
        Add("read_u16", lua => { lua.PushInteger(Kernel.Memory.Read<ushort>(AddressArg(lua, 1))); return 1; });
        Add("read_u32", lua => { lua.PushInteger(Kernel.Memory.Read<uint>(AddressArg(lua, 1))); return 1; });
        Add("read_u64", lua => { PushAddress(lua, Kernel.Memory.Read<ulong>(AddressArg(lua, 1))); return 1; });
        Add("read_s8", lua => { lua.PushInteger(Kernel.Memory.Read<sbyte>(AddressArg(lua, 1))); return 1; });
        Add("read_s16", lua => { lua.PushInteger(Kernel.Memory.Read<short>(AddressArg(lua, 1))); return 1; });
        Add("read_s32", lua => { lua.PushInteger(Kernel.Memory.Read<int>(AddressArg(lua, 1))); return 1; });
        Add("read", lua =>
        {
            ulong address = AddressArg(lua, 1);
            long length = IntegerArg(lua, 2);
            if (length < 0 || length > MaxRead)
                throw new ScriptArgumentException($"bad length {length}: 0 to {MaxRead} bytes");
            var buffer = new byte[length];
            Kernel.Memory.Read(address, buffer);
            PushBytes(lua, buffer);
            return 1;
        });
        Add("read_string", lua =>
        {
            ulong address = AddressArg(lua, 1);
            int max = (int)Math.Clamp(OptionalIntegerArg(lua, 2, KObject.DefaultMaxString), 0, 1 << 20);
            PushLatin1(lua, Kernel.Memory.ReadCString(address, max));
            return 1;
        });
        Add("nr_cpus", lua => { lua.PushInteger(Percpu.Of(Kernel).CpuCount); return 1; });
        Add("percpu_offset", lua => { PushAddress(lua, Kernel.PerCpuOffset((int)IntegerArg(lua, 1))); return 1; });
    }
}

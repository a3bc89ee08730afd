-- bench/lua-bench.lua: figures for the Lua bridge (printed, never asserted).
--   crashdive VMLINUX VMCORE -l bench/lua-bench.lua [N]
require "crash"
local n = tonumber(arg[1]) or 10000
local t0 = os.clock()
for _ = 1, n do crash.exec_command("sym jiffies") end
local t1 = os.clock()
print(string.format("exec_command(\"sym jiffies\"): %d calls in %.2f s, %.0f calls/s", n, t1 - t0, n / (t1 - t0)))

local net = kernel.var("init_net")
t0 = os.clock()
for _ = 1, n do local _ = net.gen.s.len:value() end
t1 = os.clock()
print(string.format("typed member chain net.gen.s.len:value(): %d in %.2f s, %.0f/s", n, t1 - t0, n / (t1 - t0)))

t0 = os.clock()
local tasks = 0
for _ = 1, 10 do for _ in kernel.tasks() do tasks = tasks + 1 end end
t1 = os.clock()
print(string.format("kernel.tasks() walk: %d tasks in %.3f s", tasks, t1 - t0))

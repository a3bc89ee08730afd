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

-- The NFQUEUE walk both ways: crash-lua style (exec_command and text patterns) and typed objects.
local function quietly(path)
  local saved_print, saved_write = print, io.write
  print, io.write = function() end, function() end
  local ok, err = pcall(dofile, path)
  print, io.write = saved_print, saved_write
  if not ok then error(err) end
end
local reps = tonumber(arg[2]) or 20
for _, walk in ipairs({ { "text (exec_command + patterns)", "scripts/nfqueue-text.lua" }, { "typed objects", "scripts/nfqueue.lua" } }) do
  quietly(walk[2]) -- first run loads the module's debuginfo
  t0 = os.clock()
  for _ = 1, reps do quietly(walk[2]) end
  t1 = os.clock()
  print(string.format("NFQUEUE walk, %s: %.2f ms per walk (%d walks)", walk[1], (t1 - t0) * 1000 / reps, reps))
end

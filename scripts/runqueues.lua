-- runqueues.lua: each CPU's run queue (the per-cpu variable runqueues) and the task running there.
--   crash> lua scripts/runqueues.lua
local kernel = require "kernel"
local rqs = kernel.var("runqueues")
for cpu = 0, kernel.nr_cpus() - 1 do
  local rq = rqs:percpu(cpu)
  local curr = rq.curr
  print(string.format("CPU %d rq %x nr_running %d curr %x pid %d comm %s",
    cpu, rq:address(), rq.nr_running:value(), curr:value(), curr.pid:value(), curr.comm:string()))
end

-- tasks.lua [COMM-PREFIX]: every task (threads included) as crash's ps shows the first columns,
-- optionally only those whose comm starts with COMM-PREFIX.
--   crash> lua scripts/tasks.lua fx-
local kernel = require "kernel"
local prefix = arg and arg[1] or ""
print(string.format("%7s %7s %3s %16s %s", "PID", "PPID", "CPU", "TASK", "COMM"))
for _, row in ipairs(kernel.ps()) do
  if row.comm:sub(1, #prefix) == prefix then
    print(string.format("%7d %7d %3d %16x %s", row.pid, row.ppid, row.cpu, row.task, row.comm))
  end
end

-- modules.lua: the loaded modules (the kernel's `modules` list), with where their code lies.
--   crash> lua scripts/modules.lua
local kernel = require "kernel"
print(string.format("%16s  %-20s %16s %8s", "MODULE", "NAME", "BASE", "SIZE"))
for _, m in ipairs(kernel.modules()) do
  print(string.format("%16x  %-20s %16x %8d", m.module, m.name, m.base or 0, m.size or 0))
end

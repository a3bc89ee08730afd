-- crashdive's Lua prelude: the `crash` module of crash-lua and the typed `kernel` API.
--
-- The C# bridge never raises a Lua error itself (on Linux .NET cannot unwind Lua's longjmp across
-- managed frames): a failing bridge function returns ERR and a message, and the wrappers here raise
-- it with `error(msg, 2)` as a tail call, so the message names the script's file and line.
return function(raw, ERR, HOOK_COUNT)
  local error, select, type, tostring, setmetatable = error, select, type, tostring, setmetatable
  local concat, format = table.concat, string.format
  local reg = debug.getregistry()
  local OBJ, TYPE = reg["crashdive.object"], reg["crashdive.type"]

  -- chk(raw.f(...)) as a tail call: level 2 is the script line that called the wrapper.
  local function chk(a, ...)
    if a == ERR then error((...), 2) end
    return a, ...
  end
  -- must(raw.f(...)) inside a wrapper (not a tail call): level 3 is the script line.
  local function must(a, b)
    if a == ERR then error(b, 3) end
    return a
  end

  ---------------------------------------------------------------- objects
  -- Methods are found by name unless the object's struct has a member of that name; the same
  -- methods with a trailing underscore (obj:value_()) always mean the method.
  local methods = {}
  local function method(name, f)
    methods[name] = f
    methods[name .. "_"] = f
  end
  method("deref", function(o) return chk(raw.deref(o)) end)
  method("value", function(o) return chk(raw.value(o)) end)
  method("address", function(o) return chk(raw.address(o)) end)
  method("address_of", function(o) return chk(raw.address_of(o)) end)
  method("member", function(o, name) return chk(raw.member(o, name)) end)
  method("index", function(o, i) return chk(raw.index(o, i)) end)
  method("cast", function(o, t) return chk(raw.cast(o, t)) end)
  method("container_of", function(o, t, m) return chk(raw.container_of(o, t, m)) end)
  method("percpu", function(o, cpu) return chk(raw.percpu(o, cpu)) end)
  method("type", function(o) return chk(raw.typeof(o)) end)
  method("type_name", function(o) return chk(raw.typefield(must(raw.typeof(o)), "name")) end)
  method("string", function(o, max) return chk(raw.string(o, max)) end)
  method("bytes", function(o) return chk(raw.bytes(o)) end)
  method("members", function(o) return chk(raw.members(o)) end)
  method("hasmember", function(o, name) return raw.hasmember(o, name) end)
  method("is_null", function(o) return must(raw.value(o)) == 0 end)
  method("hex", function(o) return format("0x%x", must(raw.value(o))) end)

  OBJ.__name = "kernel object"
  OBJ.__index = function(o, k)
    if type(k) == "number" then return chk(raw.index(o, k)) end
    local m = methods[k]
    if m ~= nil and (k:sub(-1) == "_" or not raw.hasmember(o, k)) then return m end
    return chk(raw.member(o, k))
  end
  OBJ.__newindex = function(o, k)
    error("kernel objects are read-only: a script cannot write to the dump", 2)
  end
  OBJ.__tostring = function(o) return chk(raw.tostring(o)) end
  OBJ.__concat = function(a, b) return tostring(a) .. tostring(b) end
  OBJ.__eq = function(a, b) return chk(raw.equal(a, b)) end
  OBJ.__len = function(o) return chk(raw.length(o)) end
  OBJ.__add = function(a, n)
    if type(a) == "number" then a, n = n, a end
    return chk(raw.address_of(must(raw.index(a, n))))
  end
  OBJ.__pairs = function(o)
    local names = must(raw.members(o))
    local i = 0
    return function()
      i = i + 1
      local name = names[i]
      if name ~= nil then return name, must(raw.member(o, name)) end
    end, o, nil
  end

  ---------------------------------------------------------------- types
  local tmethods = {}
  function tmethods.offsetof(t, path) return chk(raw.offsetof(t, path)) end
  function tmethods.pointer(t) return chk(raw.pointer_to(t)) end
  function tmethods.member(t, name)
    for _, m in ipairs(must(raw.typefield(t, "members")) or {}) do
      if m.name == name then return m end
    end
    return nil
  end
  TYPE.__name = "kernel type"
  TYPE.__index = function(t, k)
    local m = tmethods[k]
    if m ~= nil then return m end
    return chk(raw.typefield(t, k))
  end
  TYPE.__newindex = function() error("kernel types are read-only", 2) end
  TYPE.__tostring = function(t) return chk(raw.typefield(t, "name")) end
  TYPE.__eq = function(a, b) return raw.type_equal(a, b) end

  ---------------------------------------------------------------- kernel
  local kernel = {}
  local function iterator(it, msg)
    if it == ERR then error(msg, 3) end
    local next = raw.next
    return function() return chk(next(it)) end
  end

  function kernel.var(name) return chk(raw.var(name)) end
  function kernel.find_var(name) return chk(raw.find_var(name)) end
  function kernel.object(t, address) return chk(raw.object(t, address)) end
  function kernel.type(name) return chk(raw.type(name)) end
  function kernel.find_type(name) return chk(raw.find_type(name)) end
  function kernel.cast(o, t) return chk(raw.cast(o, t)) end
  function kernel.container_of(p, t, m) return chk(raw.container_of(p, t, m)) end
  function kernel.offsetof(t, m) return chk(raw.offsetof(t, m)) end
  function kernel.sizeof(t) return must(raw.typefield(must(raw.type(t)), "size")) end
  function kernel.symbol(address) return chk(raw.symbol(address)) end
  function kernel.address(name) return chk(raw.symbol_address(name)) end
  function kernel.read_u8(a) return chk(raw.read_u8(a)) end
  function kernel.read_u16(a) return chk(raw.read_u16(a)) end
  function kernel.read_u32(a) return chk(raw.read_u32(a)) end
  function kernel.read_u64(a) return chk(raw.read_u64(a)) end
  function kernel.read_s8(a) return chk(raw.read_s8(a)) end
  function kernel.read_s16(a) return chk(raw.read_s16(a)) end
  function kernel.read_s32(a) return chk(raw.read_s32(a)) end
  kernel.read_s64 = kernel.read_u64
  kernel.read_pointer = kernel.read_u64
  function kernel.read(a, len) return chk(raw.read(a, len)) end
  function kernel.read_string(a, max) return chk(raw.read_string(a, max)) end
  function kernel.nr_cpus() return chk(raw.nr_cpus()) end
  function kernel.percpu_offset(cpu) return chk(raw.percpu_offset(cpu)) end
  function kernel.hex(v) return format("%x", v) end

  function kernel.list_for_each_entry(head, t, member) return iterator(raw.list_entries(head, t, member)) end
  function kernel.list_for_each(head) return iterator(raw.list_nodes(head)) end
  function kernel.hlist_for_each_entry(head, t, member) return iterator(raw.hlist_entries(head, t, member)) end
  function kernel.rbtree_for_each_entry(root, t, member) return iterator(raw.rbtree_entries(root, t, member)) end
  function kernel.xa_for_each(xa) return iterator(raw.xarray_entries(xa)) end
  function kernel.tasks() return iterator(raw.tasks()) end
  function kernel.task(pid) return chk(raw.task(pid)) end

  -- Packets: sk_buff queues, socket queues (queue name, skb), NFQUEUE entries and stack references as
  -- tables, a packet decoded into a table, pcap files.
  function kernel.skb_queue(head) return iterator(raw.skb_queue(head)) end
  function kernel.socket_skbs(sock) return iterator(raw.socket_skbs(sock)) end
  function kernel.nfqueue_entries()
    local rows = chk(raw.nfqueue_entries())
    local i = 0
    return function() i = i + 1 return rows[i] end
  end
  function kernel.packet(skb) return chk(raw.packet(skb)) end
  function kernel.conntrack(skb) return chk(raw.conntrack(skb)) end
  function kernel.stack_skbs(task) return chk(raw.stack_skbs(task)) end
  function kernel.backtrace(task) return chk(raw.backtrace(task)) end
  function kernel.write_pcap(path, skbs, force) return chk(raw.write_pcap(path, skbs, force)) end

  -- Decoded command results as tables (ps rows, mod entries), built on the typed API.
  function kernel.ps()
    local rows = {}
    for t in kernel.tasks() do
      local parent = t.real_parent
      rows[#rows + 1] = {
        pid = t.pid:value_(), ppid = parent.pid:value_(), task = t:address_(),
        cpu = t:hasmember_("cpu") and t.cpu:value_() or t.thread_info.cpu:value_(),
        state = (t:hasmember_("__state") and t.__state or t.state):value_(),
        comm = t.comm:string_(),
      }
    end
    return rows
  end
  function kernel.modules()
    local rows = {}
    for m in kernel.list_for_each_entry(kernel.var("modules"), "struct module", "list") do
      local row = { name = m.name:string_(), module = m:address_() }
      if m:hasmember_("core_layout") then -- before 6.4: core_layout; since: mem[MOD_TEXT]
        row.base, row.size = m.core_layout.base:value_(), m.core_layout.size:value_()
      end
      rows[#rows + 1] = row
    end
    return rows
  end

  ---------------------------------------------------------------- crash (crash-lua)
  local crash = {}
  function crash.exec_command(cmd) return chk(raw.exec(cmd)) end
  -- Hooks: a decoder per command name giving its rows as tables; commands may add theirs.
  crash.tables = { ps = kernel.ps, mod = kernel.modules }
  function crash.table(name, ...)
    local decode = crash.tables[name]
    if decode == nil then error("no table decoder for command: " .. tostring(name), 2) end
    return decode(...)
  end

  package.preload["crash"] = function() _G.crash = crash return crash end
  package.preload["kernel"] = function() return kernel end
  _G.crash, _G.kernel = crash, kernel

  ---------------------------------------------------------------- output, exit, Ctrl-C
  local write = raw.write
  function _G.print(...)
    local n = select("#", ...)
    local parts = { ... }
    for i = 1, n do parts[i] = tostring(parts[i]) end
    local failed, msg = write(concat(parts, "\t", 1, n) .. "\n")
    if failed == ERR then error(msg, 2) end
  end
  function io.write(...)
    for i = 1, select("#", ...) do
      local v = select(i, ...)
      if type(v) ~= "string" and type(v) ~= "number" then
        error(format("bad argument #%d to 'write' (string expected, got %s)", i, type(v)), 2)
      end
      local failed, msg = write(v)
      if failed == ERR then error(msg, 2) end
    end
    return io.stdout
  end
  function os.exit()
    error("os.exit is not available in crashdive: return from the script instead", 2)
  end

  local cancelled = raw.cancelled
  local function interrupt()
    if cancelled() then error("interrupted", 0) end
  end
  debug.sethook(interrupt, "", HOOK_COUNT)
  -- Hooks are per coroutine: coroutines a script makes are stopped by Ctrl-C too.
  local cocreate, coresume, pack, unpack = coroutine.create, coroutine.resume, table.pack, table.unpack
  function coroutine.create(f)
    local co = cocreate(f)
    debug.sethook(co, interrupt, "", HOOK_COUNT)
    return co
  end
  function coroutine.wrap(f)
    local co = coroutine.create(f)
    return function(...)
      local r = pack(coresume(co, ...))
      if not r[1] then error(r[2], 2) end
      return unpack(r, 2, r.n)
    end
  end
end

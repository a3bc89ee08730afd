-- nfqueue.lua: the NFQUEUE instances of init_net and the packets they hold, with the typed API.
--
--   crash> mod -s nfnetlink_queue        (the module's types: struct nfnl_queue_net, nfqnl_instance)
--   crash> lua scripts/nfqueue.lua
--
-- Walk: init_net.gen->ptr[nfnl_queue_net_id] is the module's struct nfnl_queue_net; its
-- instance_table is a hash of hlists of struct nfqnl_instance; each instance's queue_list holds
-- the struct nf_queue_entry of every packet waiting for a verdict, whose skb is the packet.
-- Output, one line per instance then one per packet:
--   queue 0 portid 113 queue_total 3 copy_mode 2 copy_range 65531 id_sequence 3 instance ffff...
--     entry ffff... id 1 skb ffff... len 35 payload "hello-1"
local kernel = require "kernel"

if kernel.find_type("struct nfqnl_instance") == nil then
  error("no debuginfo for nfnetlink_queue: load it first with mod -s nfnetlink_queue", 0)
end

-- The pernet id: from the module's DWARF, else kallsyms (it is a plain unsigned int).
local idvar = kernel.find_var("nfnl_queue_net_id")
local id = idvar and idvar:value() or kernel.read_u32(kernel.address("nfnl_queue_net_id"))

local net = kernel.var("init_net")
-- Since Linux 4.x net_generic keeps a pernet id's pointer in ptr[id] (ptr[0] overlays s.len).
local qnet = kernel.cast(net.gen.ptr[id], "struct nfnl_queue_net *")

-- The packet's payload past its IPv4 and UDP or TCP headers (skb->data is the IP header on output).
local function payload(skb)
  local len = skb.len:value()
  if len <= 0 or len > 65535 then return nil end
  local data = kernel.read(skb.data:value(), len)
  local ihl = (data:byte(1) & 0x0f) * 4
  local proto = data:byte(10)
  local l4 = proto == 17 and 8 or proto == 6 and (((data:byte(ihl + 13) or 0) >> 4) * 4) or 0
  return data:sub(ihl + l4 + 1)
end

local instances = 0
for bucket = 0, #qnet.instance_table - 1 do
  for inst in kernel.hlist_for_each_entry(qnet.instance_table[bucket], "struct nfqnl_instance", "hlist") do
    instances = instances + 1
    print(string.format("queue %d portid %d queue_total %d copy_mode %d copy_range %d id_sequence %d instance %x",
      inst.queue_num:value(), inst.peer_portid:value(), inst.queue_total:value(), inst.copy_mode:value(),
      inst.copy_range:value(), inst.id_sequence:value(), inst:address()))
    for entry in kernel.list_for_each_entry(inst.queue_list, "struct nf_queue_entry", "list") do
      local skb = entry.skb
      print(string.format("  entry %x id %d skb %x len %d payload %q",
        entry:address(), entry.id:value(), skb:value(), skb.len:value(), payload(skb) or ""))
    end
  end
end
if instances == 0 then print("no NFQUEUE instance in init_net") end

-- nfqueue-text.lua: the same NFQUEUE walk as nfqueue.lua, the crash-lua way: each step runs a
-- crash command through crash.exec_command and parses its text. This is issue 6's seed script
-- corrected for kernels since 4.x (net_generic keeps pernet id N in ptr[N], so `rd -x ADDR idx+1`
-- and the last word), continued to the instance and its queued nf_queue_entry packets.
-- Needs mod, p and struct.
require "crash"
crash.exec_command("mod -s nfnetlink_queue")
local result = crash.exec_command("p nfnl_queue_net_id")
local idx = tonumber(result:match(".*=%s*(%d+)%s*$"))
result = crash.exec_command("struct net.gen init_net")
result = result:sub(result:find("=") + 1):match("^%s*(.-)%s*$")
result = crash.exec_command(string.format("struct net_generic.ptr %s", result))
result = result:sub(result:find("=") + 1):match("^%s*(.-)%s*$")
result = crash.exec_command(string.format("rd -x %s %d", result, idx + 1))
local qnet = result:match("([0-9a-f]+)[,%s]*$")
print("nfnl_queue_net " .. qnet)

-- instance_table[16] of hlist_head: the non-empty buckets' first nodes (hlist is the first member).
result = crash.exec_command(string.format("struct nfnl_queue_net.instance_table %s", qnet))
for first in result:gmatch("first = (0x[0-9a-f]+)") do
  if tonumber(first) ~= 0 then
    local inst = first:sub(3)
    local text = crash.exec_command(string.format("struct nfqnl_instance %s", inst))
    print(string.format("queue %s queue_total %s instance %s", text:match("queue_num = (%d+)"),
      text:match("queue_total = (%d+)"), inst))
    -- queue_list: list_head whose entries are nf_queue_entry (list is their first member).
    local head = text:match("queue_list = {%s*next = (0x[0-9a-f]+)")
    local listhead = crash.exec_command(string.format("struct nfqnl_instance.queue_list -o %s", inst))
    local headaddr = listhead:match("%[(%x+)%]") or ""
    local node = head
    local n = 0
    while node and tonumber(node) ~= tonumber("0x" .. headaddr) and n < 1000 do
      local entry = crash.exec_command(string.format("struct nf_queue_entry %s", node:sub(3)))
      print(string.format("  entry %s id %s skb %s", node:sub(3), entry:match("\n%s*id = (%d+)"), entry:match("skb = (0x[0-9a-f]+)")))
      node = entry:match("next = (0x[0-9a-f]+)")
      n = n + 1
    end
  end
end

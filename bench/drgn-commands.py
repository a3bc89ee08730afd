# drgn's nearest equivalents of crash commands, for bench/run.sh:
#   drgn -q -c VMCORE -s VMLINUX bench/drgn-commands.py COMMAND
# Reads jiffies_64 first (drgn's start-up work, as the other tools answer 'p jiffies'), then runs
# COMMAND once and prints "T <seconds> <VmHWM before, kB> <VmHWM after, kB>" on its last line,
# after the command's own output. Commands without a drgn equivalent print "T none".
import sys
import time

from drgn import Object, cast
from drgn.helpers.linux.cpumask import for_each_online_cpu
from drgn.helpers.linux.fs import d_path, for_each_file
from drgn.helpers.linux.mm import PageSlab, for_each_page
from drgn.helpers.linux.percpu import per_cpu
from drgn.helpers.linux.pid import for_each_task
from drgn.helpers.linux.sched import task_cpu, task_state_to_char

prog = globals()["prog"]


def hwm_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def ps():
    # pid, ppid, cpu, task, state, comm: ps's columns without the memory ones
    for t in for_each_task(prog):
        print(f"{t.pid.value_():>7} {t.real_parent.pid.value_():>7} {task_cpu(t):>3}  "
              f"{t.value_():x}  {task_state_to_char(t)}  {t.comm.string_().decode()}")


def foreach_files():
    for t in for_each_task(prog):
        print(f"PID: {t.pid.value_()}  COMMAND: \"{t.comm.string_().decode()}\"")
        try:
            for fd, f in for_each_file(t):
                print(f"{fd:>4} {f.value_():x} {d_path(f.f_path).decode(errors='replace')}")
        except Exception as e:  # a task without files (kernel thread) or a torn table
            print(f"  ({e})")


def kmem_S():
    # One pass over struct page: every slab's cache, objects and objects in use (kmem -s's
    # ALLOCATED/TOTAL/SLABS columns; crash -S also lists each slab).
    per = {}
    slab_type = prog.type("struct slab *")
    for page in for_each_page(prog):
        try:
            if not PageSlab(page):
                continue
            s = cast(slab_type, page)
            c = s.slab_cache.value_()
            a = per.setdefault(c, [0, 0, 0])
            a[0] += s.inuse.value_()
            a[1] += s.objects.value_()
            a[2] += 1
        except Exception:
            continue
    for c, (inuse, total, slabs) in per.items():
        name = Object(prog, "struct kmem_cache *", c).name.string_().decode()
        print(f"{c:x} {inuse:>10} {total:>9} {slabs:>6}  {name}")


def bt_a():
    # the task on each CPU's run queue (the crashed CPU's from its PRSTATUS registers)
    for cpu in for_each_online_cpu(prog):
        curr = per_cpu(prog["runqueues"], cpu).curr
        print(f"CPU: {cpu}  PID: {curr.pid.value_()}  COMMAND: \"{curr.comm.string_().decode()}\"")
        try:
            print(prog.stack_trace(curr))
        except Exception as e:
            print(f"  ({e})")


def foreach_bt():
    for t in for_each_task(prog):
        print(f"PID: {t.pid.value_()}  TASK: {t.value_():x}  COMMAND: \"{t.comm.string_().decode()}\"")
        try:
            print(prog.stack_trace(t))
        except Exception as e:
            print(f"  ({e})")


COMMANDS = {"ps": ps, "foreach files": foreach_files, "kmem -S": kmem_S, "bt -a": bt_a, "foreach bt": foreach_bt}

prog["jiffies_64"].value_()  # drgn finds no variable "jiffies" (a linker alias of jiffies_64)
cmd = " ".join(sys.argv[1:])
fn = COMMANDS.get(cmd)
if fn is None:
    print("T none")
    sys.exit(0)
before = hwm_kb()
t0 = time.perf_counter()
fn()
secs = time.perf_counter() - t0
sys.stdout.flush()
print(f"T {secs:.3f} {before} {hwm_kb()}")

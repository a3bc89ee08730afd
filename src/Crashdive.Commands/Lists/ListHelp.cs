namespace Crashdive.Commands.Lists;

/// <summary>The help text of <c>list</c>.</summary>
internal static class ListHelp
{
    public const string Text = """
        NAME
          list - linked list

        SYNOPSIS
          list [[-o] offset][-e end][-[s|S] struct[.member[,member] [-l offset]] -[x|d]]
               [-r|-B] [-h [-O head_offset]|-H] start

        DESCRIPTION
          Dumps the entries of a linked list, one address a line: the address of each
          data structure in the list.  A singly-linked list ends at a NULL pointer, at
          the start address, at the first entry after it, or at an entry pointing to
          itself; a list_head list ends when it comes back to its head.

          [-o] offset  The offset of the "next" pointer within the structure, as a
                       number of bytes or as "struct.member" (the -o may then be left
                       out).
               -e end  Stop at this address (hexadecimal).
            -s struct  Print each entry as this structure, or the members of
                       "struct.member[,member...]".
            -S struct  Like -s, reading members of up to 8 bytes, and strings,
                       directly from memory.
            -O offset  With -h: the offset of the head's list_head in its own
                       structure, when it differs from the other entries' offset.
            -l offset  With -s or -S: start is the address of the embedded list_head,
                       and offset locates it in the structure.
                   -x  Print members in hexadecimal.   -d  In decimal.
                   -r  For list_head lists, follow "prev" instead of "next".
                   -B  Accepted (crash's Brent loop detection); loops are detected
                       here in every walk.

              start  The address of the first structure (a symbol, a hexadecimal
                     address, or an expression).
           -H start  The address of a standalone list_head (LIST_HEAD()); the list
                     ends when it comes back to it.
           -h start  The address of a structure that embeds the list_head located by
                     the offset; the list ends when it comes back to it.

          A list that loops without coming back to its start stops with
          "list: duplicate list entry: ADDRESS".

        EXAMPLES
          The processes linked through task_struct.tasks, from init_task:

            crash> list -o task_struct.tasks -h init_task
            ffffffff81a2d020
            ffff88012d7dd4c0
            ...

          The modules, with their names:

            crash> list module.list -H modules -S module.name
            ffffffffc045b080
              name = "nft_queue"
            ...
        """;
}

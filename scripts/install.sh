#!/bin/sh
# Installs the crashdive command from this source tree.
#
#   scripts/install.sh                 as a .NET global tool (dotnet pack, then dotnet tool install)
#   scripts/install.sh --single-file   as one self-contained linux-x64 file (dotnet publish), no .NET needed to run it
#   scripts/install.sh --uninstall     removes what either form installed
#
# Either way `crashdive` ends up on the PATH: the .NET tool lives in ~/.dotnet/tools, and when that
# directory is not on the PATH a link to it is made in a directory that is (/usr/local/bin when writable,
# else ~/.local/bin). Set CRASHDIVE_BIN to choose that directory. The manual page (crashdive --man) and the
# bash completion (crashdive --completion bash) go under /usr/local/share for root, ~/.local/share otherwise.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
mode=tool
case "${1:-}" in
    --single-file) mode=single ;;
    --uninstall) mode=uninstall ;;
    "") ;;
    -h|--help) sed -n '2,12s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option: $1 (try --help)" >&2; exit 2 ;;
esac

command -v dotnet >/dev/null || { echo "install.sh: the .NET 10 SDK (dotnet) is needed" >&2; exit 1; }

tools_dir="$HOME/.dotnet/tools"
if [ -n "${CRASHDIVE_BIN:-}" ]; then
    bin_dir=$CRASHDIVE_BIN
elif [ -w /usr/local/bin ]; then
    bin_dir=/usr/local/bin
else
    bin_dir="$HOME/.local/bin"
fi

on_path() {
    case ":$PATH:" in *":$1:"*) return 0 ;; esac
    return 1
}

# Links $1 (an installed crashdive) into $bin_dir unless the directory holding it is on the PATH already.
link_onto_path() {
    target=$1
    if on_path "$(dirname "$target")"; then
        return 0
    fi
    mkdir -p "$bin_dir"
    ln -sf "$target" "$bin_dir/crashdive"
    echo "install.sh: linked $bin_dir/crashdive -> $target"
    on_path "$bin_dir" || echo "install.sh: add $bin_dir to your PATH to run crashdive by name" >&2
}

remove_link() {
    for d in "${CRASHDIVE_BIN:-}" /usr/local/bin "$HOME/.local/bin"; do
        [ -n "$d" ] && [ -L "$d/crashdive" ] && rm -f "$d/crashdive" || true
    done
}

case $mode in
uninstall)
    dotnet tool uninstall --global crashdive >/dev/null 2>&1 || true
    remove_link
    for d in "${CRASHDIVE_BIN:-}" /usr/local/bin "$HOME/.local/bin"; do
        [ -n "$d" ] && [ -f "$d/crashdive" ] && [ ! -L "$d/crashdive" ] && rm -f "$d/crashdive" || true
    done
    echo "install.sh: crashdive removed"
    ;;
tool)
    rm -f "$root"/artifacts/crashdive.*.nupkg
    dotnet pack "$root/src/Crashdive.Cli" -c Release --nologo -v q
    # the package version stays the same between builds: drop NuGet's cached copy so the new one is installed
    rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}/crashdive"
    dotnet tool uninstall --global crashdive >/dev/null 2>&1 || true
    dotnet tool install --global crashdive --add-source "$root/artifacts"
    link_onto_path "$tools_dir/crashdive"
    ;;
single)
    out="$root/artifacts/linux-x64"
    dotnet publish "$root/src/Crashdive.Cli" -c Release -r linux-x64 --self-contained -p:PublishSingleFile=true \
        -o "$out" --nologo -v q
    mkdir -p "$bin_dir"
    remove_link
    install -m 755 "$out/crashdive" "$bin_dir/crashdive"
    echo "install.sh: installed $bin_dir/crashdive"
    on_path "$bin_dir" || echo "install.sh: add $bin_dir to your PATH to run crashdive by name" >&2
    ;;
esac

# the manual page and bash completion, generated from the commands' declarations
if [ "$(id -u)" = 0 ]; then
    man_dir=/usr/local/share/man/man1 completion_dir=/usr/local/share/bash-completion/completions
else
    man_dir="$HOME/.local/share/man/man1" completion_dir="$HOME/.local/share/bash-completion/completions"
fi
if [ "$mode" = uninstall ]; then
    rm -f "$man_dir/crashdive.1" "$completion_dir/crashdive"
else
    mkdir -p "$man_dir" "$completion_dir"
    PATH="$PATH:$bin_dir:$tools_dir" crashdive --man > "$man_dir/crashdive.1"
    PATH="$PATH:$bin_dir:$tools_dir" crashdive --completion bash > "$completion_dir/crashdive"
    echo "install.sh: man page in $man_dir, bash completion in $completion_dir"
    PATH="$PATH:$bin_dir:$tools_dir" crashdive --version
fi

#!/usr/bin/env bash
# virt-setup.sh -- install QEMU + libvirt from Debian and start libvirtd/virtlogd
# by hand (CI machines have no systemd). Idempotent: a libvirtd that already
# answers on qemu:///system is reused, never started twice. Needs root.
# Used by the live oracle (npm run test:oracle) and the --fix integration suite.
set -euo pipefail
run="${PCILINT_VIRT_RUN:-/var/tmp/pcilint-virt}"
uri=qemu:///system
mkdir -p "$run"

packages=(qemu-system-x86 qemu-system-ppc qemu-system-arm qemu-efi-aarch64 qemu-utils
  libvirt-daemon libvirt-daemon-driver-qemu libvirt-daemon-system libvirt-clients
  libxml2-utils procps)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  # apt-get update only when the package lists are empty (fresh container).
  [ -n "$(find /var/lib/apt/lists -name '*Packages*' -print -quit 2>/dev/null)" ] || apt-get update
  apt-get install -y --no-install-recommends "${missing[@]}"
fi

# libvirt validates its QEMU capability cache as the configured QEMU user. /dev/kvm
# is often root-only; with Debian's libvirt-qemu user every API call then re-probes
# every QEMU binary (about 60 s per virsh call). Running QEMU as root avoids it.
if ! grep -Eq '^user = "\+0"' /etc/libvirt/qemu.conf; then
  printf '\n# pcilint CI: run QEMU as root so the capability cache stays valid\nuser = "+0"\ngroup = "+0"\n' >> /etc/libvirt/qemu.conf
fi

if virsh -q -c "$uri" version >/dev/null 2>&1; then
  echo "libvirtd already answering on $uri"
else
  cat > "$run/libvirtd.conf" <<EOC
# unix sockets only: nothing listens on TCP
listen_tls = 0
listen_tcp = 0
unix_sock_group = "root"
unix_sock_rw_perms = "0700"
auth_unix_rw = "none"
auth_unix_ro = "none"
log_outputs = "3:file:$run/libvirtd.log"
EOC
  rm -f "$run/libvirtd.pid"
  libvirtd -d -f "$run/libvirtd.conf" -p "$run/libvirtd.pid"
  echo "libvirtd started (pid file $run/libvirtd.pid)"
fi

# virtlogd is needed to start domains; reuse one whose socket is there.
if [ -S /run/libvirt/virtlogd-sock ] && pgrep -x virtlogd >/dev/null; then
  echo "virtlogd already running"
else
  rm -f "$run/virtlogd.pid"
  virtlogd -d -p "$run/virtlogd.pid"
  echo "virtlogd started (pid file $run/virtlogd.pid)"
fi

# The first API call after installation probes every qemu-system-* binary (~20 s).
for _ in $(seq 120); do
  if virsh -q -c "$uri" version >/dev/null 2>&1; then
    virsh -c "$uri" version | sed -n 's/^Running hypervisor: /libvirt ready: /p'
    exit 0
  fi
  sleep 1
done
echo "virt-setup: libvirtd did not answer on $uri within 120 s (see $run/libvirtd.log)" >&2
exit 1

#!/usr/bin/env bash
# A one-node SLURM cluster for CI (root only), without systemd: `up` installs the Debian packages
# if missing, starts munged, slurmctld and slurmd in the foreground as background jobs (PIDs in
# /tmp/slurm-ci/), and waits until the node is idle; `down` stops them by PID. Never run by
# `deno task test` on a user's machine: .ci/run calls it.
set -euo pipefail
state=/tmp/slurm-ci
case "${1:-}" in
up)
  if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      slurmctld slurmd slurm-client munge >/dev/null
  fi
  mkdir -p "$state" /run/munge /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
  chown munge:munge /run/munge
  [ -s /etc/munge/munge.key ] || { dd if=/dev/urandom of=/etc/munge/munge.key bs=128 count=1 2>/dev/null; chown munge:munge /etc/munge/munge.key; chmod 400 /etc/munge/munge.key; }
  # foreground under the munge user: no double fork, no zombie
  runuser -u munge -- /usr/sbin/munged --foreground >"$state/munged.log" 2>&1 &
  echo $! >"$state/munged.pid"
  host=$(hostname -s)
  # the node line from slurmd -C: its name must be `hostname -s`, and RealMemory must be given or
  # --mem jobs never schedule
  node=$(slurmd -C | head -1)
  cat >/etc/slurm/slurm.conf <<CONF
ClusterName=ci
SlurmctldHost=${host}(127.0.0.1)
SlurmUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
ReturnToService=2
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=$state/slurmctld.pidfile
SlurmdPidFile=$state/slurmd.pidfile
SlurmctldLogFile=$state/slurmctld.log
SlurmdLogFile=$state/slurmd.log
MpiDefault=none
${node} NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=debug Nodes=${host} Default=YES MaxTime=INFINITE State=UP
CONF
  for i in $(seq 50); do munge -n >/dev/null 2>&1 && break; sleep 0.1; done
  /usr/sbin/slurmctld -D -i >"$state/slurmctld.out" 2>&1 &
  echo $! >"$state/slurmctld.pid"
  /usr/sbin/slurmd -D >"$state/slurmd.out" 2>&1 &
  echo $! >"$state/slurmd.pid"
  for i in $(seq 120); do
    if [ "$(sinfo -h -o %T 2>/dev/null | head -1)" = "idle" ]; then
      echo "slurm: one node idle after $((i / 2)) s"
      exit 0
    fi
    sleep 0.5
  done
  echo "slurm: the node did not become idle" >&2
  tail -20 "$state"/*.log "$state"/*.out >&2 || true
  exit 1
  ;;
down)
  for d in slurmd slurmctld munged; do
    [ -f "$state/$d.pid" ] && kill "$(cat "$state/$d.pid")" 2>/dev/null || true
  done
  sleep 1
  for d in slurmd slurmctld munged; do
    [ -f "$state/$d.pid" ] && kill -9 "$(cat "$state/$d.pid")" 2>/dev/null || true
    rm -f "$state/$d.pid"
  done
  ;;
*)
  echo "usage: $0 up|down" >&2
  exit 2
  ;;
esac

# A single-node Slurm cluster of its own, for tests and benchmarks on one machine (sourced, not run):
#
#   . deploy/slurm/local-cluster.sh
#   start_local_cluster WORKDIR || echo "no cluster: $cluster_error"     # exports SLURM_CONF; sbatch etc. use it
#   ...
#   stop_local_cluster                                                  # kills the daemons it started
#
# munged, slurmctld and slurmd as root (SlurmUser=root, proctrack/linuxproc, task/none, select/cons_tres), one node
# with this machine's CPUs and half its memory, private ports and sockets, state and logs under WORKDIR (logs in
# WORKDIR/log). Needs Debian's slurm-wlm and munge installed, and root.
cluster_pids=()
cluster_error=

start_local_cluster() {
  local work=$1
  mkdir -p "$work/munge" "$work/munge-run" "$work/state" "$work/spool" "$work/log"
  chmod 700 "$work/munge"
  chmod 755 "$work/munge-run"
  dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 2>/dev/null
  chmod 400 "$work/munge/munge.key"
  local socket="$work/munge-run/munge.socket"
  munged --force --foreground --socket="$socket" --key-file="$work/munge/munge.key" --log-file="$work/log/munged.log" \
    --pid-file="$work/munge-run/munged.pid" --seed-file="$work/munge/munged.seed" >/dev/null 2>&1 &
  cluster_pids+=($!)
  for _ in $(seq 50); do [ -S "$socket" ] && break; sleep 0.1; done
  if [ ! -S "$socket" ]; then cluster_error="munged did not start here: $(tail -n 1 "$work/log/munged.log" 2>/dev/null)"; return 1; fi
  local node cpus mem port
  node=$(hostname -s)
  cpus=$(nproc)
  mem=$(( $(awk '/MemTotal/ { print $2 }' /proc/meminfo) / 2048 ))
  port=$(( 20000 + RANDOM % 20000 ))
  export SLURM_CONF="$work/slurm.conf"
  cat >"$SLURM_CONF" <<CONF
ClusterName=genmetrics-ci
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
MinJobAge=600
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=ci Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
  slurmctld -D -f "$SLURM_CONF" >"$work/log/slurmctld.out" 2>&1 &
  cluster_pids+=($!)
  slurmd -D -f "$SLURM_CONF" -N "$node" >"$work/log/slurmd.out" 2>&1 &
  cluster_pids+=($!)
  for _ in $(seq 60); do sinfo -h -o %T 2>/dev/null | grep -qx idle && break; sleep 0.5; done
  if ! sinfo -h -o %T 2>/dev/null | grep -qx idle; then
    cluster_error="the single-node cluster did not come up here: $(tail -n 1 "$work/log/slurmctld.log" 2>/dev/null) / $(tail -n 1 "$work/log/slurmd.log" 2>/dev/null)"
    return 1
  fi
}

stop_local_cluster() {
  local pid
  for pid in "${cluster_pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${cluster_pids[@]}"; do
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null
  done
  cluster_pids=()
}

# Summarises a scripts/soak.sh CSV: for every numeric column, the first and last value and the least-squares slope
# per hour. Samples in the first `warmup` seconds (default 120: JIT, pools and caches filling) are left out of the
# slope and the start value, so the slope says whether the worker keeps growing once it runs steadily.
BEGIN { FS = ","; if (warmup == "") warmup = 120 }
NR == 1 { for (i = 1; i <= NF; i++) name[i] = $i; columns = NF; next }
{
  t = $2
  if (t < warmup) next
  n++
  for (i = 3; i <= columns; i++) {
    if (n == 1) { first[i] = $i; begin = t }
    last[i] = $i
    sx[i] += t; sy[i] += $i; sxx[i] += t * t; sxy[i] += t * $i
  }
  end = t
}
END {
  if (n < 2) { print "not enough samples after the warm-up" > "/dev/stderr"; exit 1 }
  printf "%d samples from %d s to %d s (the first %d s left out as warm-up)\n", n, begin, end, warmup
  printf "%-28s %16s %16s %18s\n", "metric", "start", "end", "slope per hour"
  for (i = 3; i <= columns; i++) {
    d = n * sxx[i] - sx[i] * sx[i]
    slope = d == 0 ? 0 : (n * sxy[i] - sx[i] * sy[i]) / d * 3600
    printf "%-28s %16.0f %16.0f %18.0f\n", name[i], first[i], last[i], slope
  }
}

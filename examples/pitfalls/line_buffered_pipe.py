"""Exercise: a worker prints into a pipe after reconfigure(line_buffering=True)."""
import subprocess
import sys
import time

if __name__ == '__main__':
    if sys.argv[1:] == ['worker']:
        sys.stdout.reconfigure(line_buffering=True)
        print('first line')
        time.sleep(1.5)
        print('second line')
        sys.exit()
    start = time.monotonic()
    worker = subprocess.Popen([sys.executable, __file__, 'worker'],
                              stdout=subprocess.PIPE, text=True)
    for line in worker.stdout:
        print(f'arrived at {time.monotonic() - start:.1f} s: {line.rstrip()}')
    worker.wait()

"""Create a process from a Process subclass that overrides run()."""
from multiprocessing import Process
import time


class MyProcess(Process):
    def __init__(self, process_name):
        super().__init__()  # the documentation asks for this first
        self.process_name = process_name

    def run(self):
        print('the subprocess %s is running' % self.process_name)
        time.sleep(3)
        print('the subprocess %s is over' % self.process_name)


if __name__ == '__main__':
    p = MyProcess('mi_chat')
    p.start()
    print('主进程')

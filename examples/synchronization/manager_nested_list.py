"""Exercise: a child appends to a list stored in a Manager dict, twice."""
from multiprocessing import Manager, Process


def append_in_place(shared):
    shared['items'].append('in place')  # changes a copy, in this process


def append_and_store(shared):
    items = shared['items']  # a copy of the list
    items.append('stored')
    shared['items'] = items  # sends the whole list back to the manager


if __name__ == '__main__':
    with Manager() as manager:
        shared = manager.dict(items=[])
        for target in (append_in_place, append_and_store):
            child = Process(target=target, args=(shared,))
            child.start()
            child.join()
            print(f'after {target.__name__}():', shared['items'])

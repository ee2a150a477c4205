"""Workers write into one dict kept by a Manager; the main process reads it."""
from multiprocessing import Manager, Process


def count_words(name, text, counts):
    counts[name] = len(text.split())  # sent to the manager process


if __name__ == '__main__':
    texts = {'poem': 'the quick brown fox', 'note': 'processes share nothing',
             'song': 'row row row your boat'}
    with Manager() as manager:
        counts = manager.dict()
        print('主进程 holds a', type(counts).__name__, 'for the dict')
        workers = [Process(target=count_words, args=(name, text, counts))
                   for name, text in texts.items()]
        for p in workers:
            p.start()
        for p in workers:
            p.join()
        words = {name: counts[name] for name in sorted(texts)}
        print('words per text:', words)

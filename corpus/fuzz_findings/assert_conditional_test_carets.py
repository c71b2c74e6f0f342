assert not (1 if -1 <= 1 else 1), 'a4'

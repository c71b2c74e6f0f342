assert not abs(1), 'a1'

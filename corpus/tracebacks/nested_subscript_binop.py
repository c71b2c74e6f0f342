def score(board, i):
    return board[i] * 2 + board[i + 1]


board = [3, 5, 7]
print(score(board, 0))
print(score(board, 2))

score = 10


def add_bonus(bonus):
    print("current score:", score)
    score = score + bonus
    return score


add_bonus(5)

class Account:
    def __init__(self):
        self.balance = 10

    def deposit(self, n):
        self.balance += n


acct = Account()
acct.deposit(5)
print(acct.balance)
try:
    Account.withdraw
except AttributeError as e:
    print(e)
acct.balanse += 1

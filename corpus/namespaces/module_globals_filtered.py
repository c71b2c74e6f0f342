import sys

alpha = 1
beta = "two"


def gamma():
    return 3


own = [k for k in globals() if not k.startswith("__")]
print("own names in order:", own)
print("dunder names:", sorted(k for k in globals() if k.startswith("__") and k != "__file__" and k != "__cached__"))
print("__file__ basename:", __file__.split("/")[-1])

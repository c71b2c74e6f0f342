def status(name, count):
    print(f"{name}: {count} items")
    print(name + ": " + count + " items")


status("cart", 3)

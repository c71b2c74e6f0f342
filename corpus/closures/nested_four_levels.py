def level1(a):
    def level2(b):
        def level3(c):
            def level4(d):
                return f"{a}-{b}-{c}-{d}"
            print("level4 freevars:", level4.__code__.co_freevars)
            return level4
        print("level3 freevars:", level3.__code__.co_freevars)
        return level3
    return level2


print(level1("A")("B")("C")("D"))
print(level1(1)(2)(3)(4))

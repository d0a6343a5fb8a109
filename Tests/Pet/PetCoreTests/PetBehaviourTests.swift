import Testing
@testable import PetCore

@Suite struct PetBehaviourTests {
    let walk = [0.2, 0.2]
    let idle = [0.5, 0.5]

    @Test func strollsStayOnScreenAndFaceTheWayTheyGo() {
        for seed in UInt64(1)...40 {
            var pet = PetBehaviour(x: 10, now: 0, seed: seed)
            var t = 0.0
            var lastX = pet.x
            var walked = false
            while t < 120 {
                t += 0.05
                pet.tick(now: t, frameDurations: pet.animation == .walk ? walk : idle, maxX: 50)
                #expect(pet.x >= 0 && pet.x <= 50)
                if pet.x != lastX {
                    walked = true
                    #expect(pet.facingRight == (pet.x > lastX))
                    #expect(abs(pet.x - lastX) == 1)
                    lastX = pet.x
                }
            }
            #expect(walked)
        }
    }

    @Test func firstStrollStartsWithinTheRestTime() {
        var pet = PetBehaviour(x: 20, now: 0, seed: 3)
        pet.tick(now: 3.9, frameDurations: idle, maxX: 60)
        #expect(pet.animation == .idle)
        pet.tick(now: 4.0, frameDurations: idle, maxX: 60)
        #expect(pet.animation == .walk)
    }

    @Test func sleepsAfterTheTimeoutAndWakesOnInput() {
        var settings = BehaviourConfig()
        settings.sleepAfter = 30
        var pet = PetBehaviour(x: 0, now: 0, settings: settings, seed: 1)
        pet.quiet = true  // no strolls: only the timeout matters
        pet.tick(now: 29, frameDurations: idle, maxX: 0)
        #expect(!pet.isAsleep)
        #expect(pet.nextDeadline(frameDurations: idle) == 30)
        pet.tick(now: 30, frameDurations: idle, maxX: 0)
        #expect(pet.isAsleep)
        // Asleep and quiet: nothing to wake up for, so the loop may sleep until input.
        #expect(pet.nextDeadline(frameDurations: [1, 1]) == nil)
        pet.noteInput(now: 40)
        #expect(pet.animation == .surprised)
        pet.tick(now: 42, frameDurations: idle, maxX: 0)
        #expect(pet.animation == .idle)
    }

    @Test func pokeMakesItHappyForAMoment() {
        var pet = PetBehaviour(x: 5, now: 0)
        pet.poke(now: 1)
        #expect(pet.animation == .happy)
        pet.tick(now: 2, frameDurations: idle, maxX: 30)
        #expect(pet.animation == .happy)
        pet.tick(now: 3, frameDurations: idle, maxX: 30)
        #expect(pet.animation == .idle)
    }

    @Test func dragMovesAndLiftsThenLands() {
        var pet = PetBehaviour(x: 10, now: 0)
        pet.beginDrag(pointerX: 14, now: 1)
        #expect(pet.animation == .surprised)
        pet.drag(pointerX: 30, rowsAboveGround: 3, maxX: 40)
        #expect(pet.x == 26)
        #expect(pet.lift == 3)
        #expect(pet.facingRight)
        pet.drag(pointerX: 100, rowsAboveGround: 0, maxX: 40)
        #expect(pet.x == 40)
        pet.drag(pointerX: -50, rowsAboveGround: 0, maxX: 40)
        #expect(pet.x == 0)
        #expect(!pet.facingRight)
        pet.endDrag(now: 2)
        #expect(pet.lift == 0)
        #expect(pet.animation == .happy)
    }

    @Test func framesAdvanceByTheirDurationsAndQuietStopsThem() {
        var pet = PetBehaviour(x: 0, now: 0)
        pet.poke(now: 0)  // happy: frames, no strolling
        let d = [0.1, 0.3]
        pet.tick(now: 0, frameDurations: d, maxX: 0)
        #expect(pet.frameIndex == 0)
        pet.tick(now: 0.1, frameDurations: d, maxX: 0)
        #expect(pet.frameIndex == 1)
        pet.tick(now: 0.39, frameDurations: d, maxX: 0)
        #expect(pet.frameIndex == 1)
        pet.tick(now: 0.4, frameDurations: d, maxX: 0)
        #expect(pet.frameIndex == 0)
        pet.quiet = true
        pet.tick(now: 0.5, frameDurations: d, maxX: 0)
        pet.tick(now: 0.9, frameDurations: d, maxX: 0)
        #expect(pet.frameIndex == 0)
    }

    @Test func idleHoldsStillBetweenCycles() {
        var pet = PetBehaviour(x: 0, now: 0)
        pet.quiet = false
        let d = [0.1, 0.1]
        pet.tick(now: 0, frameDurations: d, maxX: 0)
        pet.tick(now: 0.1, frameDurations: d, maxX: 0)
        #expect(pet.frameIndex == 1)
        pet.tick(now: 0.2, frameDurations: d, maxX: 0)
        #expect(pet.frameIndex == 0)
        // The next change is a pause (at least 1.5 s) away, not one frame.
        let next = pet.nextDeadline(frameDurations: d) ?? 0
        #expect(next >= 1.7)
        pet.tick(now: 1.6, frameDurations: d, maxX: 0)
        #expect(pet.frameIndex == 0)
    }

    @Test func fpsCapHoldsShortFramesLonger() {
        var settings = BehaviourConfig()
        settings.fps = 5
        var pet = PetBehaviour(x: 0, now: 0, settings: settings)
        pet.poke(now: 0)
        let d = [0.01, 0.01, 0.01]
        pet.tick(now: 0, frameDurations: d, maxX: 0)
        pet.tick(now: 0.19, frameDurations: d, maxX: 0)
        #expect(pet.frameIndex == 0)
        pet.tick(now: 0.2, frameDurations: d, maxX: 0)
        #expect(pet.frameIndex == 1)
    }

    @Test func resizeClampsThePet() {
        var pet = PetBehaviour(x: 70, now: 0)
        pet.clamp(maxX: 20)
        #expect(pet.x == 20)
        pet.clamp(maxX: -5)
        #expect(pet.x == 0)
    }
}

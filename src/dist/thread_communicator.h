#pragma once
// The per-thread override behind CurrentCommunicator(): in-process ranks install their own
// communicator on the threads that work for them, so engine code finds its rank without being
// handed a communicator.
#include "dist/communicator.h"

namespace tally {

// The calling thread's communicator, or nullptr when it has none of its own.
Communicator* ThreadCommunicator();
// Sets (or, with nullptr, clears) the calling thread's communicator.
void SetThreadCommunicator(Communicator* comm);

// Installs `comm` on the calling thread for the lifetime of the scope, then restores the
// previous one.
class ScopedThreadCommunicator {
 public:
  explicit ScopedThreadCommunicator(Communicator* comm) : previous_(ThreadCommunicator()) {
    SetThreadCommunicator(comm);
  }
  ~ScopedThreadCommunicator() { SetThreadCommunicator(previous_); }
  ScopedThreadCommunicator(const ScopedThreadCommunicator&) = delete;
  ScopedThreadCommunicator& operator=(const ScopedThreadCommunicator&) = delete;

 private:
  Communicator* previous_;
};

}  // namespace tally
